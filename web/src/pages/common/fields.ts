// The fields of expertise live with the console's other id lists.
export { FIELD_IDS } from '../../app/vocabulary';

export const FAIRS_CONFIG = Symbol('FAIRS_CONFIG');

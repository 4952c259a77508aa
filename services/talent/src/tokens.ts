export const TALENT_CONFIG = Symbol('TALENT_CONFIG');

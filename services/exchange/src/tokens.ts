export const EXCHANGE_CONFIG = Symbol('EXCHANGE_CONFIG');

export const STATIONS_CONFIG = Symbol('STATIONS_CONFIG');

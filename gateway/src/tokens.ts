export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export const REDIS = Symbol('REDIS');
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

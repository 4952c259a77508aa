export * from './principal';
export * from './errors';
export * from './envelope';
export * from './talent';
export * from './challenges';
export * from './matching';
export * from './stations';
export * from './registry';

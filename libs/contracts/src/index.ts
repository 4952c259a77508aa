export * from './principal';
export * from './errors';
export * from './envelope';
export * from './common';
export * from './kit';
export * from './talent';
export * from './stations';
export * from './platform';

export * from './contract';
export * from './route';
export * from './domain';
export * from './export';

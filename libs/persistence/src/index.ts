export * from './config';
export * from './module';
export * from './health';
export * from './versioned-store';

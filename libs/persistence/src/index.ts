export * from './config';
export * from './module';
export * from './health';

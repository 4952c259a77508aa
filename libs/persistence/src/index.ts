export * from './config';
export * from './module';

export * from './config';
export * from './kafka';
export * from './topics';
export * from './rpc';
export * from './outbox';
export * from './inbox';
export * from './consumer';

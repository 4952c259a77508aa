export * from './infra';
export * from './tokens';
export * from './wait';
export * from './fixtures';
export * from './event-samples';
export * from './keycloak';
export * from './decisions';

export * from './principal';
export * from './token-verifier';
export * from './refusals';
export * from './revocations';
export * from './logout-token';
export * from './signing-keys';
export * from './nest';
export * from './socket';

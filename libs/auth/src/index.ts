export * from './principal';
export * from './token-verifier';
export * from './nest';
export * from './socket';

export * from './access-tokens';
export { InvalidPasswordHashError, InvalidTokenError, type InvalidTokenReason } from './errors';
export * from './jwt-secret';
export * from './password-hash';
export * from './principal';
export * from './refresh-token';

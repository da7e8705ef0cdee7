import { availableParallelism } from 'node:os';

/** DI tokens of the write side's dependencies, provided once by WriteApiModule. */
/**
 * The one CommandRunner (platform/commands) every slice runs its deciders through; slices that
 * read a stream beforehand read its `store`.
 */
export const COMMAND_RUNNER = Symbol('COMMAND_RUNNER');
export const COORDINATION = Symbol('COORDINATION');
export const WRITE_SIDE_SETTINGS = Symbol('WRITE_SIDE_SETTINGS');
/** The PasswordHashing every request handler hashes through (a bounded queue). */
export const PASSWORD_HASHING = Symbol('PASSWORD_HASHING');

export type WriteSideSettings = Readonly<{
  /** Lifetime of access tokens in seconds. */
  accessTokenTtlSeconds: number;
  /** Lifetime of a refresh token family in seconds. */
  refreshTokenTtlSeconds: number;
  /** How long an Idempotency-Key's first response is kept. */
  idempotencyTtlSeconds: number;
  /** Login failures allowed per email from one client address within the window before 429. */
  loginFailureLimit: number;
  loginFailureWindowSeconds: number;
  /**
   * Login attempts allowed per email from all addresses together within the same window: much
   * looser, so a stranger cannot lock the owner out, but a guesser spread over many addresses
   * is still stopped.
   */
  loginAttemptLimitPerEmail: number;
  /** Requests a minute per client address to each of register, login and refresh. */
  authRequestsPerClientPerMinute: number;
  /** Password hashes computed at once; more wait in the queue. */
  passwordHashConcurrency: number;
  /** Password hashes that may wait; beyond that a request is 503 with Retry-After. */
  passwordHashMaxWaiting: number;
}>;

export const DEFAULT_WRITE_SIDE_SETTINGS: WriteSideSettings = {
  accessTokenTtlSeconds: 900,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
  idempotencyTtlSeconds: 24 * 3600,
  loginFailureLimit: 5,
  loginFailureWindowSeconds: 15 * 60,
  loginAttemptLimitPerEmail: 50,
  authRequestsPerClientPerMinute: 30,
  // One core stays free for the event loop; 32 waiting is about a second of hashing at 33 ms.
  passwordHashConcurrency: Math.max(1, availableParallelism() - 1),
  passwordHashMaxWaiting: 32,
};

/** DI tokens of the write side's dependencies, provided once by WriteApiModule. */
/**
 * The one CommandRunner (platform/commands) every slice runs its deciders through; slices that
 * read a stream beforehand read its `store`.
 */
export const COMMAND_RUNNER = Symbol('COMMAND_RUNNER');
export const COORDINATION = Symbol('COORDINATION');
export const WRITE_SIDE_SETTINGS = Symbol('WRITE_SIDE_SETTINGS');

export type WriteSideSettings = Readonly<{
  /** Lifetime of access tokens in seconds. */
  accessTokenTtlSeconds: number;
  /** Lifetime of a refresh token family in seconds. */
  refreshTokenTtlSeconds: number;
  /** How long an Idempotency-Key's first response is kept. */
  idempotencyTtlSeconds: number;
  /** Login failures allowed per email within the window before 429. */
  loginFailureLimit: number;
  loginFailureWindowSeconds: number;
}>;

export const DEFAULT_WRITE_SIDE_SETTINGS: WriteSideSettings = {
  accessTokenTtlSeconds: 900,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
  idempotencyTtlSeconds: 24 * 3600,
  loginFailureLimit: 5,
  loginFailureWindowSeconds: 15 * 60,
};

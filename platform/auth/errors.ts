/** Why a token was refused. For logs and metrics only: clients just get a plain 401. */
export type InvalidTokenReason =
  | 'malformed'
  | 'unsupported-algorithm'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'invalid-claims';

/** An access token that must not be trusted. The message may name the reason, never the token. */
export class InvalidTokenError extends Error {
  constructor(
    readonly reason: InvalidTokenReason,
    readonly detail?: string,
  ) {
    super(`invalid access token: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = 'InvalidTokenError';
  }
}

/**
 * A stored password hash this code cannot read, or whose parameters are outside the bounds it
 * accepts. A data or programming error (a 500), never a wrong password.
 */
export class InvalidPasswordHashError extends Error {
  constructor(readonly problem: string) {
    super(`unusable password hash: ${problem}`);
    this.name = 'InvalidPasswordHashError';
  }
}

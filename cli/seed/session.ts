import { type ApiClient } from './api-client';

/** Logs in again this long before the access token expires, so no request carries a stale one. */
const RENEW_BEFORE_EXPIRY_MS = 60_000;

/**
 * One account's access token for a run that may outlast it (tokens live 15 minutes; a large
 * seed takes longer). It logs in on first use and again once the token nears its `expiresIn`;
 * concurrent callers share one login.
 */
export class Session {
  private pending: Promise<{ token: string; renewAt: number }> | undefined;

  constructor(
    private readonly write: ApiClient,
    readonly email: string,
    private readonly password: string,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<string> {
    const pending = this.pending;
    if (pending) {
      const held = await pending;
      if (this.now() < held.renewAt) return held.token;
      // Another caller started the next login while this one waited: share it.
      if (this.pending !== pending) return this.token();
    }
    const next = this.logIn();
    this.pending = next;
    return (await next).token;
  }

  private async logIn(): Promise<{ token: string; renewAt: number }> {
    const loggedInAt = this.now();
    const { body } = await this.write.call<{ accessToken: string; expiresIn: number }>({
      method: 'POST',
      path: '/auth/login',
      body: { email: this.email, password: this.password },
    });
    const lifetimeMs = body.expiresIn * 1_000;
    const renewIn = Math.max(lifetimeMs / 2, lifetimeMs - RENEW_BEFORE_EXPIRY_MS);
    return { token: body.accessToken, renewAt: loggedInAt + renewIn };
  }
}

import { type Principal } from './principal';

/** When a verified token is acceptable: `from` to `until`, in seconds since the epoch. */
export type ValidWindow = Readonly<{ from: number; until: number }>;

type Remembered = Readonly<{ principal: Principal; window: ValidWindow }>;

/**
 * Tokens whose signature and claims were checked, with the principal they proved and the window
 * in which they stay acceptable. A client sends the same access token with every request for its
 * 15 minutes, and checking its HMAC through WebCrypto cost a request more CPU than Fastify did
 * (bench/README.md, "Step 8, http"). Keyed by the whole token, signature included, so only the
 * very bytes that were verified can hit; failures are never remembered; a hit outside its
 * window (expired, or a caller's clock set before it became valid) is checked afresh. The window
 * ends at the token's own exp, which every access token must carry: a verifier cache that kept
 * tokens by a TTL of its own accepted expired ones (fast-jwt issue #29). Bounded: past
 * `capacity`, the oldest is forgotten.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Remembered>();

  constructor(private readonly capacity: number) {}

  /** The principal a token proved, if it was verified and `nowSeconds` is in its window. */
  principalOf(token: string, nowSeconds: number): Principal | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (nowSeconds >= entry.window.until) this.entries.delete(token);
    const { from, until } = entry.window;
    return nowSeconds >= from && nowSeconds < until ? entry.principal : undefined;
  }

  remember(token: string, principal: Principal, window: ValidWindow): void {
    if (this.capacity <= 0) return;
    if (this.entries.size >= this.capacity && !this.entries.has(token)) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    // Shared by every request that presents the token: nobody may change it.
    const frozen = Object.freeze({ ...principal, roles: Object.freeze([...principal.roles]) });
    this.entries.set(token, { principal: frozen, window });
  }
}

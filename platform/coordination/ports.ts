/**
 * What SPEC.md keeps in Redis ("idempotency keys, rate limits, worker leases, position
 * notifications"), as four small ports. Each has a Redis adapter (REDIS_URL set) and an
 * in-process one (the embedded default, good for one process only); open-coordination.ts picks.
 */

/** The part of a first response worth replaying to a retry: status, chosen headers, JSON body. */
export type StoredResponse = Readonly<{
  status: number;
  headers: Readonly<Record<string, string>>;
  body: unknown;
}>;

export type IdempotencyBegin =
  | Readonly<{ state: 'started' }>
  | Readonly<{ state: 'in-progress'; fingerprint: string }>
  | Readonly<{ state: 'completed'; fingerprint: string; response: StoredResponse }>;

/**
 * `Idempotency-Key` bookkeeping. The caller scopes keys (user and route), fingerprints the
 * request body, and answers 422 when a claim's fingerprint is not its own.
 */
export interface IdempotencyStore {
  /**
   * Claims `key` for `ttlSeconds` (about a request's longest run; a crashed claimer's key frees
   * itself then). Of any number of concurrent calls, exactly one sees 'started'.
   */
  begin(key: string, fingerprint: string, ttlSeconds: number): Promise<IdempotencyBegin>;
  /**
   * Stores the response for `ttlSeconds` (how long retries are honoured). Refuses (false) when the
   * key now holds someone else's claim or a completed response.
   */
  complete(
    key: string,
    fingerprint: string,
    response: StoredResponse,
    ttlSeconds: number,
  ): Promise<boolean>;
  /** Drops an in-progress claim after a failure so a retry can run; completed keys stay. */
  abandon(key: string): Promise<void>;
}

export type RateLimitPolicy = Readonly<{ limit: number; windowSeconds: number }>;

export type RateLimitDecision = Readonly<{
  allowed: boolean;
  /** Hits still allowed in the window after this one. */
  remaining: number;
  /** 0 when allowed; otherwise whole seconds until a hit would be allowed (for Retry-After). */
  retryAfterSeconds: number;
}>;

/**
 * A sliding-log limiter: at most `limit` allowed hits in any `windowSeconds`. Refused hits are not
 * recorded, so hammering does not extend a lockout. For login, hit before checking the password
 * (a check-then-record would let concurrent guesses all pass) and reset on success.
 */
export interface RateLimiter {
  hit(key: string, policy: RateLimitPolicy): Promise<RateLimitDecision>;
  reset(key: string): Promise<void>;
}

export type Lease = Readonly<{
  /** Strictly increasing per lease name, across owners: writes carry it so stale owners lose. */
  token: bigint;
  /** Measured from before the request on this process's clock: errs on the safe side. */
  expiresAt: Date;
}>;

/** Named worker leases with fencing tokens (one active projection runner, one expiry sweeper). */
export interface LeaseManager {
  /** The lease, or null when another owner holds it. Re-acquiring keeps the same token. */
  acquire(name: string, ownerId: string, ttlMs: number): Promise<Lease | null>;
  /** Extends the lease to `ttlMs` from now, only if this owner still holds it with this token. */
  renew(name: string, ownerId: string, token: bigint, ttlMs: number): Promise<boolean>;
  /** Frees the lease if this owner still holds it with this token. */
  release(name: string, ownerId: string, token: bigint): Promise<boolean>;
}

export type MessageHandler = (message: string) => void;
export type Unsubscribe = () => Promise<void>;

/**
 * Fire-and-forget broadcast, used to wake read-your-writes waiters when projections advance.
 * Messages published while a subscriber is disconnected are lost: receivers must also poll.
 */
export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is live: a message published after that is delivered. */
  subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe>;
}

export interface Coordination {
  readonly kind: 'redis' | 'in-process';
  readonly idempotency: IdempotencyStore;
  readonly rateLimiter: RateLimiter;
  readonly leases: LeaseManager;
  readonly pubsub: PubSub;
  /** For /health/ready: rejects when the backing store does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type CoordinationOptions = Readonly<{
  /** Prepended to every key and channel, so deployments (and parallel tests) can share a Redis. */
  keyPrefix?: string;
  /** Errors with no caller to throw to: a failing message handler, a lost Redis connection. */
  onError?: (error: unknown) => void;
}>;

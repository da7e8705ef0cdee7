import { type LeaseManager } from '../coordination/ports';

export type HeldLease = Readonly<{
  token: bigint;
  /** Aborted when a renewal fails: another owner may hold the lease now, so stop writing. */
  lost: AbortSignal;
  release(): Promise<void>;
}>;

export const DEFAULT_LEASE_TTL_MS = 15_000;

/**
 * Acquires a lease and keeps renewing it (every third of its time to live) until released.
 * Null when another owner holds it. A worker that dies stops renewing, and its lease passes to
 * another worker after at most `ttlMs`. Shared by every single-owner worker (projection runners,
 * rebuilds, the relay).
 */
export async function holdLease(
  leases: LeaseManager,
  name: string,
  ownerId: string,
  ttlMs = DEFAULT_LEASE_TTL_MS,
): Promise<HeldLease | null> {
  const lease = await leases.acquire(name, ownerId, ttlMs);
  if (!lease) return null;
  const lost = new AbortController();
  const timer = setInterval(
    () => {
      leases
        .renew(name, ownerId, lease.token, ttlMs)
        .then((renewed) => {
          if (!renewed) lose(new Error(`lease ${name} was taken over`));
        })
        .catch((error: unknown) => lose(error));
    },
    Math.max(50, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  const lose = (reason: unknown) => {
    clearInterval(timer);
    lost.abort(reason);
  };
  let released: Promise<void> | undefined;
  return {
    token: lease.token,
    lost: lost.signal,
    release: () =>
      (released ??= (async () => {
        clearInterval(timer);
        await leases.release(name, ownerId, lease.token).catch(() => false);
      })()),
  };
}

import { reportUnhandled } from '../defaults';
import { type Coordination, type CoordinationOptions } from '../ports';
import { type Clock } from './expiring-map';
import { MemoryIdempotencyStore } from './memory-idempotency-store';
import { MemoryLeaseManager } from './memory-lease-manager';
import { MemoryPubSub } from './memory-pubsub';
import { MemoryRateLimiter } from './memory-rate-limiter';

/**
 * The embedded default: everything in this process's memory, lost on restart. Correct only when
 * one process serves every request (`shopstream start`); split processes need REDIS_URL.
 * The key prefix is irrelevant here: each instance is its own namespace.
 */
export function openMemoryCoordination(
  options: CoordinationOptions & { now?: Clock } = {},
): Coordination {
  const now = options.now ?? Date.now;
  const idempotency = new MemoryIdempotencyStore(now);
  const rateLimiter = new MemoryRateLimiter(now);
  const leases = new MemoryLeaseManager(now);
  const pubsub = new MemoryPubSub(options.onError ?? reportUnhandled);
  return {
    kind: 'in-process',
    idempotency,
    rateLimiter,
    leases,
    pubsub,
    ping: () => Promise.resolve(),
    async close() {
      idempotency.close();
      rateLimiter.close();
      leases.close();
      pubsub.close();
    },
  };
}

import { checkPolicy, nonEmpty } from '../arguments';
import { type RateLimitDecision, type RateLimiter, type RateLimitPolicy } from '../ports';
import { type Clock, ExpiringMap } from './expiring-map';

/** In-process sliding log: the times of the allowed hits still inside the window, per key. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly logs: ExpiringMap<number[]>;

  constructor(private readonly now: Clock) {
    this.logs = new ExpiringMap(now);
  }

  async hit(key: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    nonEmpty('key', key);
    const { limit, windowMs } = checkPolicy(policy);
    const now = this.now();
    // Same boundary as the Redis script: a hit at t counts while now - t < window.
    const log = (this.logs.get(key) ?? []).filter((at) => at > now - windowMs);
    if (log.length >= limit) {
      this.logs.set(key, log, windowMs);
      const retryMs = log[0] + windowMs - now;
      return {
        allowed: false,
        remaining: 0,
        retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)),
      };
    }
    log.push(now);
    this.logs.set(key, log, windowMs);
    return { allowed: true, remaining: limit - log.length, retryAfterSeconds: 0 };
  }

  async reset(key: string): Promise<void> {
    this.logs.delete(key);
  }

  close(): void {
    this.logs.close();
  }
}

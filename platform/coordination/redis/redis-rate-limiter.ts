import { randomBytes } from 'node:crypto';
import { type Redis } from 'ioredis';
import { checkPolicy, nonEmpty } from '../arguments';
import { type RateLimitDecision, type RateLimiter, type RateLimitPolicy } from '../ports';
import { LuaScript } from './lua-script';

/**
 * Sliding log in a sorted set scored by Redis's own clock (TIME), so app servers with drifting
 * clocks share one timeline. Trim, count, then add or refuse, all in one atomic script.
 * Refused hits are not added. Returns {allowed, remaining, retry-after in ms}.
 */
const HIT = new LuaScript(`
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, now .. '-' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, limit - count - 1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, 0, tonumber(oldest[2]) + window - now}
`);

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async hit(key: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    nonEmpty('key', key);
    const { limit, windowMs } = checkPolicy(policy);
    // The random suffix keeps two hits in the same millisecond as two members.
    const nonce = randomBytes(6).toString('base64url');
    const reply = await HIT.run(this.redis, [this.key(key)], [limit, windowMs, nonce]);
    const [allowed, remaining, retryMs] = reply as [number, number, number];
    return allowed === 1
      ? { allowed: true, remaining, retryAfterSeconds: 0 }
      : { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)) };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }

  private key(key: string): string {
    return `${this.prefix}rate:${key}`;
  }
}

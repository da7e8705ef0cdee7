import { type Redis } from 'ioredis';
import { nonEmpty, positiveMs } from '../arguments';
import { type Lease, type LeaseManager } from '../ports';
import { LuaScript } from './lua-script';

/**
 * The lease key holds "<token>:<owner>" with a PX expiry; a separate counter key, never expiring,
 * hands out fencing tokens with INCR. Returns the token as a string: Lua numbers are doubles.
 */
const ACQUIRE = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if current then
  local sep = string.find(current, ':', 1, true)
  if string.sub(current, sep + 1) ~= ARGV[1] then return false end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return string.sub(current, 1, sep - 1)
end
local token = string.format('%d', redis.call('INCR', KEYS[2]))
redis.call('SET', KEYS[1], token .. ':' .. ARGV[1], 'PX', ARGV[2])
return token
`);

const RENEW = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`);

/**
 * Leases in Redis. The fencing counter is only as durable as Redis itself: a server without
 * persistence restarts it at 1, so stores that check fencing tokens should keep theirs too.
 */
export class RedisLeaseManager implements LeaseManager {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async acquire(name: string, ownerId: string, ttlMs: number): Promise<Lease | null> {
    nonEmpty('name', name);
    nonEmpty('ownerId', ownerId);
    const ttl = positiveMs('ttlMs', ttlMs);
    const started = Date.now();
    const token = await ACQUIRE.run(this.redis, this.keys(name), [ownerId, ttl]);
    if (token === null) return null;
    return { token: BigInt(token as string), expiresAt: new Date(started + ttl) };
  }

  async renew(name: string, ownerId: string, token: bigint, ttlMs: number): Promise<boolean> {
    const ttl = positiveMs('ttlMs', ttlMs);
    const [lease] = this.keys(name);
    return (await RENEW.run(this.redis, [lease], [`${token}:${ownerId}`, ttl])) === 1;
  }

  async release(name: string, ownerId: string, token: bigint): Promise<boolean> {
    const [lease] = this.keys(name);
    return (await RELEASE.run(this.redis, [lease], [`${token}:${ownerId}`])) === 1;
  }

  /** Both keys share a {hash tag}, so the scripts stay valid on a Redis Cluster. */
  private keys(name: string): [string, string] {
    return [`${this.prefix}lease:{${name}}`, `${this.prefix}lease-fence:{${name}}`];
  }
}

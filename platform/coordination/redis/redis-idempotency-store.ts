import { type Redis } from 'ioredis';
import { nonEmpty, secondsToMs } from '../arguments';
import { type IdempotencyBegin, type IdempotencyStore, type StoredResponse } from '../ports';
import { LuaScript } from './lua-script';

type IdempotencyRecord =
  | { state: 'in-progress'; fingerprint: string }
  | { state: 'completed'; fingerprint: string; response: StoredResponse };

/** SET NX PX claims the key; on a lost race the same script reads the winner's record. */
const BEGIN = new LuaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
return redis.call('GET', KEYS[1])
`);

/** Completes only our own claim (or a claim that expired meanwhile: the work did happen). */
const COMPLETE = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`);

const ABANDON = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).state == 'in-progress' then redis.call('DEL', KEYS[1]) end
return 0
`);

/** Idempotency keys in Redis: one JSON record per key, its TTL the claim's or the replay's. */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async begin(key: string, fingerprint: string, ttlSeconds: number): Promise<IdempotencyBegin> {
    nonEmpty('key', key);
    const ttlMs = secondsToMs('ttlSeconds', ttlSeconds);
    const claim = inProgress(fingerprint);
    const existing = await BEGIN.run(this.redis, [this.key(key)], [claim, ttlMs]);
    if (existing === null) return { state: 'started' };
    const record = JSON.parse(existing as string) as IdempotencyRecord;
    return record.state === 'in-progress'
      ? { state: 'in-progress', fingerprint: record.fingerprint }
      : record;
  }

  async complete(
    key: string,
    fingerprint: string,
    response: StoredResponse,
    ttlSeconds: number,
  ): Promise<boolean> {
    const ttlMs = secondsToMs('ttlSeconds', ttlSeconds);
    const record: IdempotencyRecord = { state: 'completed', fingerprint, response };
    const args = [inProgress(fingerprint), JSON.stringify(record), ttlMs];
    return (await COMPLETE.run(this.redis, [this.key(key)], args)) === 1;
  }

  async abandon(key: string): Promise<void> {
    await ABANDON.run(this.redis, [this.key(key)], []);
  }

  private key(key: string): string {
    return `${this.prefix}idempotency:${key}`;
  }
}

/** Built the same way every time, so the COMPLETE script can compare it as a plain string. */
function inProgress(fingerprint: string): string {
  const record: IdempotencyRecord = { state: 'in-progress', fingerprint };
  return JSON.stringify(record);
}

import { createHash } from 'node:crypto';
import { type Redis } from 'ioredis';

/**
 * A Lua script run by its SHA (EVALSHA), sent in full only when Redis does not have it cached
 * yet (after a restart or SCRIPT FLUSH). Scripts run atomically: that is the whole point.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]) {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

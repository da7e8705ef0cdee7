import { Redis } from 'ioredis';
import { ConfigError } from '../../config/config-error';

/**
 * Opens a Redis connection and proves it works (PING) before the process goes on: SPEC.md wants
 * an unreachable server at start to stop the process with one line naming REDIS_URL.
 */
export async function connectRedis(
  url: string,
  options: { timeoutMs: number; onError: (error: unknown) => void },
): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: options.timeoutMs,
    // Fail a command after a few reconnect attempts instead of queueing it for a minute: an
    // HTTP request waiting on Redis should get an error it can answer with.
    maxRetriesPerRequest: 2,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
    // disconnect() after a failed connect arms a timer to destroy a socket that is already
    // closed (ioredis 5); at the default 2 s it holds a failing process (or jest) open that long.
    disconnectTimeout: 100,
  });
  // ioredis rejects connect() with a bare "Connection is closed."; the cause comes as an event.
  let cause: unknown;
  const remember = (error: unknown) => (cause = error);
  client.on('error', remember);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${options.timeoutMs} ms`)),
          options.timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    client.disconnect();
    const reason = describe(cause ?? error);
    throw new ConfigError('REDIS_URL', `cannot reach redis at ${hostAndPort(url)}: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
  client.off('error', remember);
  client.on('error', options.onError);
  return client;
}

/** host:port only: a URL may carry a password, which must never reach a log line. */
export function hostAndPort(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '6379'}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Closes politely (QUIT waits for replies in flight), or drops the socket if Redis is gone. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

/** Namespaces every Redis key and channel unless the caller picks another prefix. */
export const DEFAULT_KEY_PREFIX = 'shopstream:';

/** How long start-up waits for Redis to answer PING before refusing REDIS_URL. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3000;

/**
 * Where errors with no caller go when no onError was given. One line, no stack: a lost connection
 * is reported on every reconnect attempt and must not flood the log.
 */
export function reportUnhandled(error: unknown): void {
  console.error(`[coordination] ${error instanceof Error ? error.message : String(error)}`);
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Exponential backoff with ±20% jitter, so retrying workers do not move in lockstep. */
export function backoffMs(
  attempt: number,
  settings: Readonly<{ retryInitialMs: number; retryMaxMs: number }>,
): number {
  const base = Math.min(settings.retryMaxMs, settings.retryInitialMs * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

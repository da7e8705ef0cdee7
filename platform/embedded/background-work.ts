import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Marks the work a process does on its own (projections, relay, process managers) apart from
 * the work it does for a request. The mark follows everything `work` starts (promises, timers,
 * listeners it registers), so a worker loop started here stays background for its whole life,
 * while a request that arrives meanwhile is not. The embedded database reads it to serve
 * requests first (requests-first.ts).
 */
const background = new AsyncLocalStorage<true>();

export function runAsBackground<T>(work: () => T): T {
  return background.run(true, work);
}

export function isBackgroundWork(): boolean {
  return background.getStore() === true;
}

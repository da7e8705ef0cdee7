import { type Knex } from 'knex';

/**
 * Wakes the in-process bus's consumers the moment a publish on the same database (the same knex
 * instance) commits, so delivery within a process costs no polling delay. Publishes by other
 * processes are found by the consumers' fallback poll instead.
 */
export class WakeUps {
  private published = 0;
  private readonly waiters = new Set<() => void>();

  /** A counter to take before reading, and hand to `wait`: a publish in between is not missed. */
  get seen(): number {
    return this.published;
  }

  notify(): void {
    this.published++;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves on the next publish after `seen`, after `ms`, or when `signal` aborts. */
  wait(seen: number, ms: number, signal: AbortSignal): Promise<void> {
    if (this.published !== seen || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

const byDatabase = new WeakMap<Knex, WakeUps>();

/** One set of wake-ups per database handle, shared by every bus opened on it. */
export function wakeUpsOf(db: Knex): WakeUps {
  let wakeUps = byDatabase.get(db);
  if (!wakeUps) {
    wakeUps = new WakeUps();
    byDatabase.set(db, wakeUps);
  }
  return wakeUps;
}

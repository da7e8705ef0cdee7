import { type Knex } from 'knex';
import { advanceRelayCheckpoint } from './relay-checkpoint';
import { type RelayTarget } from './publish-batch';

/**
 * The relay's checkpoint, written at most once per `everyMs` while batches keep coming, and as
 * soon as the relay has been idle that long. At the head of `$all` a batch is often one or two
 * events; a checkpoint write per batch was a PostgreSQL commit per two events. Writing it later
 * never loses an event: a relay that dies republishes from the older checkpoint, and consumers
 * drop the duplicates by event id (the same as a death between publish and write always did).
 * The write stays a compare-and-set under the run's fence (./relay-checkpoint.ts).
 */
export class PacedCheckpoint {
  private target: RelayTarget;
  /** Published, not yet written. */
  private pending: string | undefined;
  private writtenAt = performance.now();

  constructor(
    private readonly db: Knex,
    target: RelayTarget,
    private readonly everyMs: number,
  ) {
    this.target = target;
  }

  /** The bus has everything up to `position`; true when the checkpoint is due for a write. */
  published(position: string): boolean {
    this.pending = position;
    return this.dueInMs() === 0;
  }

  /** How long until the pending position must be written; undefined with nothing pending. */
  dueInMs(): number | undefined {
    if (this.pending === undefined) return undefined;
    return Math.max(0, this.writtenAt + this.everyMs - performance.now());
  }

  /** Writes the pending position, if any; safe to call again after a failure. */
  async write(): Promise<void> {
    const position = this.pending;
    if (position === undefined) return;
    await advanceRelayCheckpoint(this.db, this.target, position);
    this.target = { ...this.target, expected: position };
    this.writtenAt = performance.now();
    if (this.pending === position) this.pending = undefined;
  }
}

/** What `nextOrIdle` answers when nothing came in time. */
export const IDLE = Symbol('idle');

/** `next` if it settles within `ms`, else IDLE (and `next` is still there to await). */
export async function nextOrIdle<T>(next: Promise<T>, ms: number): Promise<T | typeof IDLE> {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<typeof IDLE>((resolve) => {
    timer = setTimeout(() => resolve(IDLE), ms);
  });
  try {
    return await Promise.race([next, idle]);
  } finally {
    clearTimeout(timer);
  }
}

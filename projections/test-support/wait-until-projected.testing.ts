import { type Knex } from 'knex';
import { comparePositions, START_POSITION } from '../../platform/event-store/position-codec';
import { type EventStore } from '../../platform/event-store/port';
import { readCheckpoints } from '../runtime/checkpoints';

/**
 * Resolves once every projection (`count` of them) has processed everything stored. One look at
 * the head is not enough: while a projection applies a batch, its open transaction holds the
 * store's visible head back (docs/EVENT-STORE.md), so an event committed a moment ago may not
 * count yet. So: wait for the checkpoints to reach the head, then look again, until the head
 * stands still; and never stop before `atLeast` (a position the caller knows was written).
 */
export async function waitUntilProjected(
  db: Knex,
  store: EventStore,
  options: { count: number; atLeast?: string; timeoutMs?: number },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let target = await store.headPosition();
  for (;;) {
    if (options.atLeast && comparePositions(options.atLeast, target) > 0) target = options.atLeast;
    const checkpoints = await readCheckpoints(db);
    const behind = checkpoints.filter(
      (c) => comparePositions(c.position ?? START_POSITION, target) < 0,
    );
    if (behind.length === 0 && checkpoints.length >= options.count) {
      const head = await store.headPosition();
      if (comparePositions(head, target) <= 0) return;
      target = head;
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `projections did not reach ${target} in time: ` +
          behind
            .map((c) => `${c.name} at ${c.position ?? 'none'} (${c.lastError ?? 'ok'})`)
            .join(', '),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

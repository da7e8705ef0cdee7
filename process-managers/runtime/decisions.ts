import { type Knex } from 'knex';
import { reactionSeed } from '../../platform/commands/event-ids';
import { type Lookups, type ManagerInput, type ProcessManager } from './process-manager';
import { claimWritten, type ScheduledAction } from './schedule';

export type Decided = Readonly<{
  /** False when the inbox already held the event: a redelivery, nothing was done. */
  fresh: boolean;
  /** Rows this decision scheduled to run now (the caller runs them after the commit). */
  runNow: number;
  /** Those rows, claimed for `claimAs` in the decision's own transaction; empty if it could not. */
  claimed: readonly ScheduledAction[];
}>;

/**
 * One event, one transaction (the inbox and the outbox in one): record the event in the
 * manager's inbox, lock and read the instance's state, decide, store the new state, and write
 * the decision's outputs as schedule rows. Nothing outside the database happens inside it: the
 * commands run after the commit (./schedule.ts), so a decision made on stale state can never
 * have appended anything, and the transaction holds a write id for milliseconds only. With
 * `claimAs` (the owner that runs them), the transaction also claims the rows it wrote to run now
 * (./schedule.ts `claimWritten`), so the caller runs them without claims of their own. A worker
 * that dies before running them leaves them claimed: another runs them once the claim runs out.
 *
 * A manager whose `initialState()` is null keeps no state: only the inbox and the schedule.
 */
export async function decideAndRecord<State>(
  db: Knex,
  manager: ProcessManager<State>,
  instance: string,
  input: ManagerInput,
  lookups: Lookups,
  claimAs?: string,
): Promise<Decided> {
  return db.transaction(async (trx) => {
    const inserted = await trx('pm_inbox')
      .insert({ manager: manager.name, event_id: input.eventId })
      .onConflict(['manager', 'event_id'])
      .ignore()
      .returning('event_id');
    if (inserted.length === 0) return { fresh: false, runNow: 0, claimed: [] };

    const state = await lockState(trx, manager, instance);
    const outputs = manager.decide(input, state, lookups);
    const next = manager.evolve(state, input);
    if (state !== null) {
      await trx('pm_state')
        .where({ manager: manager.name, instance })
        .update({
          state: JSON.stringify(next),
          version: trx.raw('version + 1'),
          updated_at: trx.fn.now(),
        });
    }

    const toRunNow: string[] = [];
    for (const output of outputs) {
      if (output.type === 'cancel') {
        // A claimed row is running right now; the aggregate decides whether it still applies.
        await trx('pm_schedule')
          .where({ manager: manager.name, instance, line: output.line })
          .where((unclaimed) =>
            unclaimed.whereNull('claimed_until').orWhere('claimed_until', '<', trx.fn.now()),
          )
          .delete();
        continue;
      }
      const written: { id: string | number }[] = await trx('pm_schedule')
        .insert({
          manager: manager.name,
          instance,
          line: output.line,
          seed: reactionSeed(manager.name, input.eventId, output.line),
          action: JSON.stringify(output.action),
          cause_event_id: input.eventId,
          correlation_id: input.correlationId,
          due_at: output.at === undefined ? trx.fn.now() : new Date(output.at),
          in_order: output.at === undefined,
        })
        .onConflict('seed')
        .ignore()
        .returning('id');
      if (output.at === undefined) toRunNow.push(...written.map((row) => String(row.id)));
    }
    const claimed = claimAs ? await claimWritten(trx, claimAs, toRunNow) : [];
    return { fresh: true, runNow: toRunNow.length, claimed };
  });
}

async function lockState<State>(
  trx: Knex.Transaction,
  manager: ProcessManager<State>,
  instance: string,
): Promise<State> {
  const initial = manager.initialState();
  if (initial === null) return initial;
  await trx('pm_state')
    .insert({ manager: manager.name, instance, state: JSON.stringify(initial), version: 0 })
    .onConflict(['manager', 'instance'])
    .ignore();
  const row = (await trx('pm_state')
    .where({ manager: manager.name, instance })
    .forUpdate()
    .first('state')) as { state: State };
  return row.state;
}

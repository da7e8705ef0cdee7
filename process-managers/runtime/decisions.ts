import { type Knex } from 'knex';
import { reactionSeed } from '../../platform/commands/event-ids';
import { lockStates, saveStates } from './instance-states';
import { type Lookups, type ManagerInput, type ProcessManager } from './process-manager';
import { claimWritten, type ScheduledAction } from './schedule';

/** One event for a decision: the instance it belongs to and what it read alongside. */
export type DecisionInput = Readonly<{ instance: string; input: ManagerInput; lookups: Lookups }>;

export type Decided = Readonly<{
  /**
   * Per input, in order: false when the inbox already held its event (a redelivery, or the
   * same event earlier in the batch), and nothing was done for it.
   */
  fresh: readonly boolean[];
  /**
   * Per instance that has rows to run now, those the transaction claimed for `claimAs`, in the
   * order they run. Empty when it could not claim them (an earlier row of the instance is still
   * pending) or without `claimAs`: the caller then claims after the commit.
   */
  runNow: ReadonlyMap<string, readonly ScheduledAction[]>;
}>;

type Written = Readonly<{ id: string; instance: string }>;

type ScheduleRow = Readonly<{ instance: string; input: ManagerInput; line: string }> &
  Readonly<{ action: string; at?: string }>;

/**
 * The events of one batch, one transaction (the inbox and the outbox in one): record each event
 * in the manager's inbox, lock and read the instances' states, decide each event in order
 * against the state the ones before it left, store the new states, and write the decisions'
 * outputs as schedule rows. Nothing outside the database happens inside it: the commands run
 * after the commit (./schedule.ts), so a decision made on stale state can never have appended
 * anything, and the transaction holds a write id for milliseconds only. With `claimAs` (the
 * owner that runs them), the transaction also claims the rows it wrote to run now
 * (./schedule.ts `claimWritten`), so the caller runs them without claims of their own. A worker
 * that dies before running them leaves them claimed: another runs them once the claim runs out.
 *
 * The batch commits or fails whole: a caller whose batch failed decides its events one by one.
 * A manager whose `initialState()` is null keeps no state: only the inbox and the schedule.
 */
export async function decideAndRecord<State>(
  db: Knex,
  manager: ProcessManager<State>,
  decisions: readonly DecisionInput[],
  claimAs?: string,
): Promise<Decided> {
  if (decisions.length === 0) return { fresh: [], runNow: new Map() };
  return db.transaction(async (trx) => {
    const fresh = await recordInInbox(trx, manager.name, decisions);
    const toDecide = decisions.filter((_, index) => fresh[index]);
    if (toDecide.length === 0) return { fresh, runNow: new Map() };

    const stateful = manager.initialState() !== null;
    const instances = toDecide.map((decision) => decision.instance);
    const states = stateful ? await lockStates(trx, manager, instances) : new Map<string, State>();
    const decisionsPerInstance = new Map<string, number>();
    const pending: ScheduleRow[] = [];
    const toRunNow: Written[] = [];
    for (const { instance, input, lookups } of toDecide) {
      const state = stateful ? (states.get(instance) as State) : (null as State);
      const outputs = manager.decide(input, state, lookups);
      if (stateful) states.set(instance, manager.evolve(state, input));
      decisionsPerInstance.set(instance, (decisionsPerInstance.get(instance) ?? 0) + 1);
      for (const output of outputs) {
        if (output.type === 'run') {
          const action = JSON.stringify(output.action);
          pending.push({ instance, input, line: output.line, action, at: output.at });
          continue;
        }
        // The rows written before a cancel must exist for it to find them.
        toRunNow.push(...(await schedule(trx, manager.name, pending.splice(0))));
        // A claimed row is running right now; the aggregate decides whether it still applies.
        await trx('pm_schedule')
          .where({ manager: manager.name, instance, line: output.line })
          .where((unclaimed) =>
            unclaimed.whereNull('claimed_until').orWhere('claimed_until', '<', trx.fn.now()),
          )
          .delete();
      }
    }
    toRunNow.push(...(await schedule(trx, manager.name, pending)));
    if (stateful) await saveStates(trx, manager, states, decisionsPerInstance);

    const ids = toRunNow.map((row) => row.id);
    const claimed = claimAs ? await claimWritten(trx, claimAs, ids) : [];
    const runNow = new Map(toRunNow.map(({ instance }) => [instance, [] as ScheduledAction[]]));
    for (const row of claimed) runNow.get(row.instance)?.push(row);
    return { fresh, runNow };
  });
}

/** Inserts the inbox rows in one statement; true for each input whose event is new. */
async function recordInInbox(
  trx: Knex.Transaction,
  manager: string,
  decisions: readonly DecisionInput[],
): Promise<boolean[]> {
  const ids = [...new Set(decisions.map((decision) => decision.input.eventId))];
  const inserted = (await trx('pm_inbox')
    .insert(ids.map((eventId) => ({ manager, event_id: eventId })))
    .onConflict(['manager', 'event_id'])
    .ignore()
    .returning('event_id')) as { event_id: string }[];
  const isNew = new Set(inserted.map((row) => row.event_id));
  // Only an event's first occurrence in the batch is decided: a relay may publish it twice.
  return decisions.map((decision) => isNew.delete(decision.input.eventId));
}

/** Writes the rows in one statement, in order; returns those to run now. */
async function schedule(
  trx: Knex.Transaction,
  manager: string,
  rows: readonly ScheduleRow[],
): Promise<Written[]> {
  if (rows.length === 0) return [];
  const written = (await trx('pm_schedule')
    .insert(
      rows.map(({ instance, input, line, action, at }) => ({
        manager,
        instance,
        line,
        seed: reactionSeed(manager, input.eventId, line),
        action,
        cause_event_id: input.eventId,
        correlation_id: input.correlationId,
        due_at: at === undefined ? trx.fn.now() : new Date(at),
        in_order: at === undefined,
      })),
    )
    .onConflict('seed')
    .ignore()
    .returning(['id', 'instance', 'in_order'])) as (Written & { in_order: boolean })[];
  return written
    .filter((row) => row.in_order)
    .map((row) => ({ id: String(row.id), instance: row.instance }));
}

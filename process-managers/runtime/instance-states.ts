import { type Knex } from 'knex';
import { type ProcessManager } from './process-manager';

/**
 * Creates the missing states of `instances` and locks them all, in one order (sorted by
 * instance): two transactions that decide for overlapping instances (two partitions' batches
 * of one manager) then wait for each other instead of deadlocking.
 */
export async function lockStates<State>(
  trx: Knex.Transaction,
  manager: ProcessManager<State>,
  instances: readonly string[],
): Promise<Map<string, State>> {
  const sorted = [...new Set(instances)].sort();
  const initial = JSON.stringify(manager.initialState());
  await trx('pm_state')
    .insert(
      sorted.map((instance) => ({ manager: manager.name, instance, state: initial, version: 0 })),
    )
    .onConflict(['manager', 'instance'])
    .ignore();
  const rows = (await trx('pm_state')
    .where({ manager: manager.name })
    .whereIn('instance', sorted)
    .orderBy('instance')
    .forUpdate()
    .select('instance', 'state')) as { instance: string; state: State }[];
  return new Map(rows.map((row) => [row.instance, row.state]));
}

/** Stores each instance's new state, its version counting the decisions that led to it. */
export async function saveStates<State>(
  trx: Knex.Transaction,
  manager: ProcessManager<State>,
  states: ReadonlyMap<string, State>,
  decisions: ReadonlyMap<string, number>,
): Promise<void> {
  const instances = [...states.keys()];
  if (instances.length === 0) return;
  await trx.raw(
    `UPDATE pm_state s
     SET state = v.state::jsonb, version = s.version + v.decisions, updated_at = now()
     FROM unnest(?::text[], ?::text[], ?::int[]) AS v(instance, state, decisions)
     WHERE s.manager = ? AND s.instance = v.instance`,
    [
      instances,
      instances.map((instance) => JSON.stringify(states.get(instance))),
      instances.map((instance) => decisions.get(instance) ?? 0),
      manager.name,
    ],
  );
}

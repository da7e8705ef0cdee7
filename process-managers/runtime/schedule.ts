import { type Knex } from 'knex';
import { type Action } from './process-manager';

/** A schedule row as the executor sees it. */
export type ScheduledAction = Readonly<{
  id: string;
  manager: string;
  instance: string;
  line: string;
  seed: string;
  action: Action;
  causeEventId: string;
  correlationId: string;
  dueAt: Date;
  attempts: number;
}>;

export type ClaimScope = Readonly<{ manager: string; instance: string }>;

/** How long a claim holds a row; a worker that dies frees its rows after this. */
export const CLAIM_SECONDS = 30;

/**
 * Takes up to `limit` due rows for `owner`: locked with `FOR UPDATE SKIP LOCKED` so concurrent
 * workers never take the same row, and marked claimed until a deadline, so the row stays ours
 * after this short transaction ends (the work happens outside any transaction). A row to run now
 * waits while an earlier such row of its instance is still pending: a saga's "release, then
 * reject" runs in that order even when the release has to be retried.
 */
export async function claimDue(
  db: Knex,
  owner: string,
  limit: number,
  scope?: ClaimScope,
): Promise<ScheduledAction[]> {
  return claim(db, { owner, limit, scope, completed: [] });
}

/**
 * Deletes the rows whose work is done and claims the instance's next due rows, in one statement:
 * one commit where a delete and a claim took two. The rows being deleted no longer hold back the
 * rows queued behind them (the statement's snapshot still sees them, hence the exclusion).
 */
export async function completeAndClaimNext(
  db: Knex,
  owner: string,
  completed: readonly ScheduledAction[],
  limit: number,
  scope: ClaimScope,
): Promise<ScheduledAction[]> {
  return claim(db, { owner, limit, scope, completed: completed.map((row) => row.id) });
}

/** Claims the row for an owner (placeholders: the owner, then the claim's seconds). */
const CLAIM_SET = 'SET claimed_by = ?, claimed_until = now() + make_interval(secs => ?)';

/**
 * An earlier in-order row of the same instance as `row` (a table alias) is still in the schedule,
 * leaving out, with `excluding`, the ids of a `?::bigint[]` placeholder (rows being deleted or
 * being claimed together).
 */
function earlierInOrder(row: string, excluding: boolean): string {
  return `EXISTS (
           SELECT 1 FROM pm_schedule o
           WHERE o.manager = ${row}.manager AND o.instance = ${row}.instance AND o.in_order
             AND o.id < ${row}.id ${excluding ? 'AND o.id <> ALL(?::bigint[])' : ''})`;
}

async function claim(
  db: Knex,
  options: Readonly<{ owner: string; limit: number; scope?: ClaimScope; completed: string[] }>,
): Promise<ScheduledAction[]> {
  const { owner, limit, scope, completed } = options;
  const scoped = scope ? 'AND s.manager = ? AND s.instance = ?' : '';
  const deleting = completed.length > 0;
  const { rows } = await db.raw<{ rows: Row[] }>(
    `WITH ${deleting ? 'done AS (DELETE FROM pm_schedule WHERE id = ANY(?::bigint[]) AND claimed_by = ?),' : ''}
     due AS (
       SELECT s.id FROM pm_schedule s
       WHERE s.due_at <= now()
         AND (s.claimed_until IS NULL OR s.claimed_until < now())
         ${scoped}
         ${deleting ? 'AND s.id <> ALL(?::bigint[])' : ''}
         AND NOT (s.in_order AND ${earlierInOrder('s', deleting)})
       ORDER BY s.due_at, s.id
       LIMIT ?
       FOR UPDATE SKIP LOCKED)
     UPDATE pm_schedule p ${CLAIM_SET}
     FROM due WHERE p.id = due.id
     RETURNING p.*`,
    [
      ...(deleting ? [completed, owner] : []),
      ...(scope ? [scope.manager, scope.instance] : []),
      ...(deleting ? [completed, completed] : []),
      limit,
      owner,
      CLAIM_SECONDS,
    ],
  );
  return rows.map(toScheduled).sort(byId);
}

/**
 * Claims, inside a decision's transaction, the rows it has just written to run now, unless an
 * earlier such row of their instance is still pending (it runs first: the caller claims the
 * usual way after the commit). No one else can see the rows before the commit, and after it
 * they are claimed: they run in order, one after another, with no claim in between.
 */
export async function claimWritten(
  trx: Knex,
  owner: string,
  ids: readonly string[],
): Promise<ScheduledAction[]> {
  if (ids.length === 0) return [];
  const { rows } = await trx.raw<{ rows: Row[] }>(
    `UPDATE pm_schedule p ${CLAIM_SET}
     WHERE p.id = ANY(?::bigint[]) AND NOT ${earlierInOrder('p', true)}
     RETURNING p.*`,
    [owner, CLAIM_SECONDS, [...ids], [...ids]],
  );
  return rows.map(toScheduled).sort(byId);
}

/** Keeps a claim alive while its work runs longer than expected (a slow mail server). */
export async function extendClaim(db: Knex, row: ScheduledAction, owner: string): Promise<void> {
  await db('pm_schedule')
    .where({ id: row.id, claimed_by: owner })
    .update({ claimed_until: db.raw('now() + make_interval(secs => ?)', [CLAIM_SECONDS]) });
}

/** The rows' work is done (or refused for good): they leave the schedule. */
export async function complete(db: Knex, rows: readonly ScheduledAction[], owner: string) {
  if (rows.length > 0) await ownRows(db, rows, owner).delete();
}

/** Tries again at `at`; the claim is released so whichever worker is free then takes it. */
export async function reschedule(
  db: Knex,
  row: ScheduledAction,
  owner: string,
  at: Date,
  error: string,
): Promise<void> {
  await db('pm_schedule')
    .where({ id: row.id, claimed_by: owner })
    .update({
      due_at: at,
      attempts: row.attempts + 1,
      last_error: error.slice(0, 2000),
      claimed_by: null,
      claimed_until: null,
    });
}

/** Gives rows back unworked (a stop, or an earlier row of their instance failed). */
export async function release(db: Knex, rows: readonly ScheduledAction[], owner: string) {
  if (rows.length > 0)
    await ownRows(db, rows, owner).update({ claimed_by: null, claimed_until: null });
}

/** The rows still claimed by `owner`: a claim another worker took over is left alone. */
function ownRows(db: Knex, rows: readonly ScheduledAction[], owner: string) {
  return db('pm_schedule')
    .whereIn(
      'id',
      rows.map((row) => row.id),
    )
    .andWhere({ claimed_by: owner });
}

type Row = {
  id: string | number;
  manager: string;
  instance: string;
  line: string;
  seed: string;
  action: Action | string;
  cause_event_id: string;
  correlation_id: string;
  due_at: Date | string;
  attempts: number;
};

function toScheduled(row: Row): ScheduledAction {
  return {
    id: String(row.id),
    manager: row.manager,
    instance: row.instance,
    line: row.line,
    seed: row.seed,
    action: typeof row.action === 'string' ? (JSON.parse(row.action) as Action) : row.action,
    causeEventId: row.cause_event_id,
    correlationId: row.correlation_id,
    dueAt: new Date(row.due_at),
    attempts: row.attempts,
  };
}

const byId = (a: ScheduledAction, b: ScheduledAction) => Number(BigInt(a.id) - BigInt(b.id));

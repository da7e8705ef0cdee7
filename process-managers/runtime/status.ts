import { type Knex } from 'knex';

export type FailingEvent = Readonly<{
  eventId: string;
  type: string;
  position: string;
  error: string;
  attempts: number;
  since: string;
}>;

export type ParkedEvent = Readonly<{
  eventId: string;
  type: string;
  position: string;
  error: string;
  parkedAt: string;
}>;

export type ProcessManagerState = Readonly<{
  name: string;
  /** Messages its consumer group had not committed when its worker last looked; null: never. */
  lag: number | null;
  /** The worker that reported it, and when: a stale time means no worker is running. */
  owner: string | null;
  reportedAt: string | null;
  failing: FailingEvent[];
  parked: ParkedEvent[];
  scheduled: Readonly<{ due: number; waiting: number; retrying: number; lastError: string | null }>;
}>;

/** What `process-managers list`, `GET /process-managers` and the metrics show, per manager. */
export async function processManagerStates(
  db: Knex,
  names?: readonly string[],
): Promise<ProcessManagerState[]> {
  const [statuses, failures, parked, schedule] = await Promise.all([
    db('pm_status').select('manager', 'lag', 'owner', 'updated_at'),
    db('pm_failures').orderBy('position').select('*'),
    db('pm_dead_letters').orderBy('position').select('*'),
    db('pm_schedule')
      .select('manager')
      .select(db.raw('count(*) filter (where due_at <= now())::int as due'))
      .select(db.raw('count(*) filter (where due_at > now())::int as waiting'))
      .select(db.raw('count(*) filter (where attempts > 0)::int as retrying'))
      .select(db.raw('max(last_error) as last_error'))
      .groupBy('manager'),
  ]);
  const all = new Set<string>(names ?? []);
  if (!names) {
    for (const row of [...statuses, ...failures, ...parked, ...schedule]) all.add(row.manager);
  }
  return [...all].sort().map((name) => {
    const status = statuses.find((row) => row.manager === name);
    const scheduled = schedule.find((row) => row.manager === name);
    return {
      name,
      lag: status ? Number(status.lag) : null,
      owner: status?.owner ?? null,
      reportedAt: status ? iso(status.updated_at) : null,
      failing: failures
        .filter((row) => row.manager === name)
        .map((row) => ({
          eventId: row.event_id,
          type: row.type,
          position: row.position,
          error: row.error,
          attempts: row.attempts,
          since: iso(row.first_failed_at),
        })),
      parked: parked
        .filter((row) => row.manager === name)
        .map((row) => ({
          eventId: row.event_id,
          type: row.type,
          position: row.position,
          error: row.error,
          parkedAt: iso(row.parked_at),
        })),
      scheduled: {
        due: scheduled?.due ?? 0,
        waiting: scheduled?.waiting ?? 0,
        retrying: scheduled?.retrying ?? 0,
        lastError: scheduled?.last_error ?? null,
      },
    };
  });
}

/** Each worker reports its consumer groups' lag every few seconds. */
export async function reportLag(
  db: Knex,
  manager: string,
  lag: number,
  owner: string,
): Promise<void> {
  await db('pm_status')
    .insert({ manager, lag, owner, updated_at: db.fn.now() })
    .onConflict('manager')
    .merge();
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

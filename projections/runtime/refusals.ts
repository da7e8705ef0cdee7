import { type Knex } from 'knex';

export const REFUSALS = 'projection_refusals';

/** How long a refusal stays listed without being refreshed (its worker stopped or crashed). */
const LISTED_FOR_SECONDS = 60;

export type Refusal = Readonly<{
  projection: string;
  ownerId: string;
  codeVersion: number;
  storedVersion: number;
  seenAt: Date;
}>;

/** A worker says (again) that its code is older than the projection's stored tables. */
export async function recordRefusal(db: Knex, refusal: Omit<Refusal, 'seenAt'>): Promise<void> {
  await db(REFUSALS)
    .insert({
      projection: refusal.projection,
      owner_id: refusal.ownerId,
      code_version: refusal.codeVersion,
      stored_version: refusal.storedVersion,
      seen_at: db.fn.now(),
    })
    .onConflict(['projection', 'owner_id'])
    .merge();
}

export async function clearRefusal(db: Knex, projection: string, ownerId: string): Promise<void> {
  await db(REFUSALS).where({ projection, owner_id: ownerId }).delete();
}

/** The refusals refreshed lately, by projection. */
export async function currentRefusals(db: Knex): Promise<Map<string, Refusal[]>> {
  const rows = (await db(REFUSALS)
    .where('seen_at', '>', db.raw(`now() - interval '${LISTED_FOR_SECONDS} seconds'`))
    .orderBy(['projection', 'owner_id'])) as RefusalRow[];
  const byProjection = new Map<string, Refusal[]>();
  for (const row of rows) {
    const list = byProjection.get(row.projection) ?? [];
    list.push({
      projection: row.projection,
      ownerId: row.owner_id,
      codeVersion: row.code_version,
      storedVersion: row.stored_version,
      seenAt: row.seen_at,
    });
    byProjection.set(row.projection, list);
  }
  return byProjection;
}

type RefusalRow = {
  projection: string;
  owner_id: string;
  code_version: number;
  stored_version: number;
  seen_at: Date;
};

import { type Knex } from 'knex';
import { nonEmpty, positiveMs } from '../arguments';
import { type Lease, type LeaseManager } from '../ports';

const TABLE = 'coordination_leases';

/**
 * Takes the lease when it is free (no row, expired, or released) or already ours. A new holder
 * gets the stored token plus one; the holder asking again keeps its token. Concurrent callers
 * queue on the row (or, for a new name, on its primary key), and READ COMMITTED re-checks the
 * `WHERE` against the winner's committed row, so exactly one of them gets it.
 */
const ACQUIRE = `
INSERT INTO ${TABLE} AS held (name, owner_id, token, expires_at)
VALUES (?, ?, 1, clock_timestamp() + ? * interval '1 millisecond')
ON CONFLICT (name) DO UPDATE
   SET owner_id = excluded.owner_id,
       expires_at = excluded.expires_at,
       token = CASE WHEN held.owner_id = excluded.owner_id AND held.expires_at > clock_timestamp()
                    THEN held.token ELSE held.token + 1 END
 WHERE held.owner_id = excluded.owner_id OR held.expires_at <= clock_timestamp()
RETURNING token`;

/** Only the live holder with its token may extend or free the lease. */
const HELD_BY = `name = ? AND owner_id = ? AND token = ? AND expires_at > clock_timestamp()`;

/**
 * Leases in the read-model database, for processes sharing one DATABASE_URL without Redis (split
 * processes, or the CLI beside `projections run`). Expiry runs on the database server's clock.
 * Tokens live in the row, which is never deleted (a release only expires it), so they keep
 * growing across restarts of every process.
 */
export class PostgresLeaseManager implements LeaseManager {
  constructor(private readonly db: Knex) {}

  async acquire(name: string, ownerId: string, ttlMs: number): Promise<Lease | null> {
    nonEmpty('name', name);
    nonEmpty('ownerId', ownerId);
    const ttl = positiveMs('ttlMs', ttlMs);
    const started = Date.now();
    const { rows } = (await this.db.raw(ACQUIRE, [name, ownerId, ttl])) as {
      rows: { token: string }[];
    };
    if (rows.length === 0) return null;
    return { token: BigInt(rows[0].token), expiresAt: new Date(started + ttl) };
  }

  async renew(name: string, ownerId: string, token: bigint, ttlMs: number): Promise<boolean> {
    const ttl = positiveMs('ttlMs', ttlMs);
    const { rowCount } = (await this.db.raw(
      `UPDATE ${TABLE} SET expires_at = clock_timestamp() + ? * interval '1 millisecond'
        WHERE ${HELD_BY}`,
      [ttl, name, ownerId, token.toString()],
    )) as { rowCount: number };
    return rowCount === 1;
  }

  async release(name: string, ownerId: string, token: bigint): Promise<boolean> {
    const { rowCount } = (await this.db.raw(
      `UPDATE ${TABLE} SET expires_at = '-infinity' WHERE ${HELD_BY}`,
      [name, ownerId, token.toString()],
    )) as { rowCount: number };
    return rowCount === 1;
  }
}

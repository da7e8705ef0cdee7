import { type Knex } from 'knex';
import {
  type MigratedDatabase,
  migratedPostgres,
} from '../../../test/support/read-model-databases.testing';
import { openReadModelDb } from '../../read-model-db/open-read-model-db';
import { uniqueKey } from '../contract/contract-helpers.testing';
import { describeCoordinationContract } from '../contract/coordination-contract.testing';
import { openCoordination } from '../open-coordination';
import { PostgresLeaseManager } from './postgres-lease-manager';

/**
 * What processes sharing a DATABASE_URL without REDIS_URL get: the in-process ports, with leases
 * in Postgres. Each "process" below has a pool of its own on one fresh database.
 */
let database: MigratedDatabase;
const pools: Knex[] = [];

async function pool(): Promise<Knex> {
  const url = database.url as string;
  const db = await openReadModelDb({ kind: 'postgres', url }, { poolSize: 4 });
  pools.push(db);
  return db;
}

beforeAll(async () => {
  database = await migratedPostgres('coordination_leases');
});
afterAll(async () => {
  await Promise.all(pools.splice(0).map((db) => db.destroy()));
  await database?.close();
});

describeCoordinationContract('in-process with leases in Postgres', async (options) =>
  openCoordination({ redisUrl: undefined }, { ...options, leaseDatabase: await pool() }),
);

describe('Postgres leases', () => {
  it('go to exactly one of many owners racing from separate processes', async () => {
    const processes = await Promise.all(
      Array.from({ length: 4 }, async () => new PostgresLeaseManager(await pool())),
    );
    for (let round = 0; round < 5; round++) {
      const name = uniqueKey('race');
      const results = await Promise.all(
        processes.flatMap((leases, p) =>
          Array.from({ length: 5 }, (_, i) => leases.acquire(name, `p${p}-o${i}`, 5000)),
        ),
      );
      expect(results.filter((lease) => lease !== null)).toHaveLength(1);
    }
  });

  it('keep their tokens growing when every process restarts', async () => {
    const name = uniqueKey('restart');
    const first = await new PostgresLeaseManager(await pool()).acquire(name, 'a', 5000);
    await new PostgresLeaseManager(await pool()).release(name, 'a', first!.token);
    // A new process, a new pool: nothing of the first one's memory survives.
    const second = await new PostgresLeaseManager(await pool()).acquire(name, 'a', 5000);
    expect(second!.token).toBeGreaterThan(first!.token);
  });

  it('is what openCoordination picks without REDIS_URL when given the database', async () => {
    const coordination = await openCoordination(
      { redisUrl: undefined },
      { leaseDatabase: await pool() },
    );
    try {
      expect(coordination.leases).toBeInstanceOf(PostgresLeaseManager);
    } finally {
      await coordination.close();
    }
  });
});

import { randomUUID } from 'node:crypto';
import { openMemoryCoordination } from '../../platform/coordination';
import { type LeaseManager } from '../../platform/coordination/ports';
import { comparePositions } from '../../platform/event-store/position-codec';
import { rename, until, useToyRuntime } from '../test-support/runner.testing';
import { type ProjectionFixture } from '../test-support/projection-fixture.testing';
import { readCheckpoint } from './checkpoints';
import { type Projection } from './projection';
import { type RebuildDependencies, rebuildProjections, RebuildStoppedError } from './rebuild';
import { toyProjection } from './toy-projection.testing';

const toy = toyProjection();

describe('rebuild', () => {
  const runtime = useToyRuntime();
  const { renamesOf } = runtime;
  const liveReached = runtime.caughtUpTo;
  const startWorker = () => runtime.start();
  let fixture: ProjectionFixture;
  beforeEach(() => {
    fixture = runtime.fixture();
  });

  const rebuild = (overrides: Partial<RebuildDependencies> = {}, projection = toy) =>
    rebuildProjections([projection], {
      db: fixture.db,
      store: fixture.store,
      leases: runtime.coordination().leases,
      ownerId: 'rebuilder',
      batchSize: 500,
      ...overrides,
    });
  /**
   * The toy projection, whose rebuild transactions first wait (up to a second) until the live
   * runner has applied an event past them: whenever a catch-up ends, the live runner is ahead.
   */
  const trailingLive = (projection: Projection): Projection => ({
    ...projection,
    async apply(events, context) {
      if (context.mode === 'rebuild') {
        const last = events[events.length - 1].position;
        await until(async () => {
          const live = (await readCheckpoint(fixture.db, 'toy'))?.position;
          return live && comparePositions(live, last) > 0 ? true : undefined;
        }, 1_000).catch(() => undefined);
      }
      await projection.apply(events, context);
    },
  });
  /** `count` renames of one user, 100 per append. */
  const history = async (count: number) => {
    const user = randomUUID();
    let last = '';
    for (let i = 0; i < count; i += 100) {
      const events = Array.from({ length: Math.min(100, count - i) }, (_, j) =>
        rename(user, `h${i + j}`),
      );
      last = await fixture.append(`user-${user}`, events);
    }
    return { user, last };
  };

  /** The toy projection, with a trigger running `body` on each row written to `toy_counts`. */
  const withRowTrigger = async (body: string): Promise<Projection> => {
    await fixture.db.raw(`CREATE OR REPLACE FUNCTION on_toy_row_write() RETURNS trigger
      LANGUAGE plpgsql AS $$ BEGIN ${body} RETURN NEW; END $$`);
    const counts = toy.tables.toy_counts;
    return {
      ...toy,
      tables: {
        ...toy.tables,
        toy_counts: {
          async create(knex, table) {
            await counts.create(knex, table);
            await knex.raw(
              'CREATE TRIGGER written AFTER INSERT OR UPDATE ON ?? FOR EACH ROW EXECUTE FUNCTION on_toy_row_write()',
              [table],
            );
          },
        },
      },
    };
  };
  /** The toy projection, counting every row PostgreSQL inserts or updates in `toy_counts`. */
  const countingWrites = async () => {
    await fixture.db.raw('CREATE TABLE IF NOT EXISTS toy_row_writes (n integer NOT NULL)');
    await fixture.db.raw('INSERT INTO toy_row_writes VALUES (0)');
    const projection = await withRowTrigger('UPDATE toy_row_writes SET n = n + 1;');
    const writes = async () => Number((await fixture.db('toy_row_writes').first('n'))?.n);
    return { projection, writes };
  };

  it('writes a row changed in every replay transaction once, at the end of the replay', async () => {
    const { user } = await history(3_000);
    const other = await history(10);
    const { projection, writes } = await countingWrites();
    const chunks: number[] = [];
    await rebuild(
      {
        applySize: 500,
        onProgress: ({ phase, eventsRead }) => {
          if (phase === 'replay') chunks.push(eventsRead);
        },
      },
      projection,
    );

    expect(chunks.length).toBeGreaterThanOrEqual(6);
    expect(await writes()).toBe(2);
    expect(await renamesOf(user)).toBe(3_000);
    expect(await renamesOf(other.user)).toBe(10);
  });

  it.each([
    ['rows', { retainedRows: 1 }],
    ['bytes', { retainedBytes: 1 }],
  ])(
    'writes the rows it forgets when memory is short (in %s), and reads them back when touched again',
    async (_bound, limit) => {
      // Three users renamed in turn: with room for one row (or none), each chunk evicts and reloads.
      const users = [randomUUID(), randomUUID(), randomUUID()];
      for (let round = 0; round < 10; round++) {
        for (const user of users) {
          await fixture.append(
            `user-${user}`,
            Array.from({ length: 50 }, (_, i) => rename(user, `r${round}-${i}`)),
          );
        }
      }
      const { projection, writes } = await countingWrites();
      await rebuild({ applySize: 100, ...limit }, projection);

      for (const user of users) expect(await renamesOf(user)).toBe(500);
      // Kept in memory throughout, each row would be written once: these were forgotten and
      // loaded again, and the counts show nothing was lost on the way.
      expect(await writes()).toBeGreaterThan(users.length);
    },
  );

  it('leaves the live tables serving and removes its own when the rows kept in memory fail to write', async () => {
    const { user, last } = await history(1_000);
    await runtime.appliedUpTo(last);
    const refusing = await withRowTrigger(
      "IF NEW.renames = 1000 THEN RAISE EXCEPTION 'refused at the end of the replay'; END IF;",
    );
    const phases: string[] = [];
    const outcome = rebuild(
      { applySize: 500, onProgress: ({ phase }) => void phases.push(phase) },
      refusing,
    );

    await expect(outcome).rejects.toThrow(/refused at the end of the replay/);
    // Every chunk went through: the row is written only once the replay is over.
    expect(phases.filter((phase) => phase === 'replay')).toHaveLength(2);
    expect(await readCheckpoint(fixture.db, 'toy')).toMatchObject({
      generation: 1,
      rebuildGeneration: null,
      position: last,
    });
    expect(await fixture.db.schema.hasTable('toy_counts__g2')).toBe(false);
    expect(await renamesOf(user)).toBe(1_000);
  });

  it('lets a live append reach the live projection while the replay is still running', async () => {
    const { user, last } = await history(6_000);
    await startWorker();
    await liveReached(last);

    const timeline: string[] = [];
    const newcomer = randomUUID();
    await rebuild({
      async onProgress(progress) {
        timeline.push(`${progress.phase} ${progress.eventsRead}/${progress.eventsTotal}`);
        if (progress.phase !== 'replay' || timeline.includes('delivered')) return;
        // Between two replay transactions, a write must reach the live tables: nothing the
        // rebuild holds may keep the live runner from reading it.
        await liveReached(await fixture.append(`user-${newcomer}`, [rename(newcomer, 'live')]));
        timeline.push('delivered');
      },
    });

    const delivered = timeline.indexOf('delivered');
    expect(delivered).toBeGreaterThan(0);
    // More of the replay came after the delivery: it happened while the rebuild was replaying.
    expect(timeline.slice(delivered + 1).some((step) => step.startsWith('replay'))).toBe(true);
    expect(await renamesOf(user)).toBe(6_000);
    expect(await renamesOf(newcomer)).toBe(1);
  });

  it('swaps under a steady stream of appends and loses no event', async () => {
    const { last } = await history(2_000);
    await startWorker();
    await liveReached(last);

    const writer = randomUUID();
    let writing = true;
    let written = 0;
    const appending = (async () => {
      while (writing) {
        await fixture.append(`user-${writer}`, [rename(writer, `w${written}`)]);
        written++;
      }
    })();
    let result;
    try {
      // By the time a catch-up ends the live runner has always applied newer events: only a
      // catch-up inside the locked swap can overtake it.
      result = await rebuild({}, trailingLive(toy));
    } finally {
      writing = false;
      await appending;
    }
    const swapped = await readCheckpoint(fixture.db, 'toy');
    expect(swapped?.generation).toBe(2);
    expect(result[0].generation).toBe(2);
    expect(written).toBeGreaterThan(0);

    const end = await fixture.append(`user-${writer}`, [rename(writer, 'end')]);
    await liveReached(end);
    expect(await renamesOf(writer)).toBe(written + 1);
    const applied = await fixture.db('toy_applied').count<{ n: string }[]>('* as n');
    expect(Number(applied[0].n)).toBe(2_000 + written + 1);
  });

  it('stops a rebuild that lost its lease, before it writes again, and removes its tables', async () => {
    const { user, last } = await history(3_000);
    await runtime.appliedUpTo(last);
    let revoked = false;
    let refused: () => void = () => undefined;
    const renewalRefused = new Promise<void>((resolve) => (refused = resolve));
    const revocable: LeaseManager = {
      acquire: (...args) => runtime.coordination().leases.acquire(...args),
      release: (...args) => runtime.coordination().leases.release(...args),
      async renew(...args) {
        if (!revoked) return runtime.coordination().leases.renew(...args);
        refused();
        return false;
      },
    };
    const chunks: number[] = [];
    const outcome = rebuild({
      leases: revocable,
      leaseTtlMs: 150,
      async onProgress(progress) {
        if (progress.phase !== 'replay') return;
        chunks.push(progress.eventsRead);
        if (chunks.length > 1) return;
        revoked = true;
        await renewalRefused;
        await new Promise((resolve) => setImmediate(resolve));
      },
    });

    await expect(outcome).rejects.toThrow(RebuildStoppedError);
    await expect(outcome).rejects.toThrow(/lost its lease/);
    expect(chunks).toHaveLength(1);
    const checkpoint = await readCheckpoint(fixture.db, 'toy');
    expect(checkpoint).toMatchObject({ generation: 1, rebuildGeneration: null, position: last });
    expect(await fixture.db.schema.hasTable('toy_counts__g2')).toBe(false);
    expect(await renamesOf(user)).toBe(3_000);
  });

  it('lets a second rebuilder take over without dropping the first one’s tables under it', async () => {
    // Two lease stores: both rebuilders believe they hold the lease (in-process leases in two
    // processes on one database). The second must not drop the first's tables mid-write, and
    // the first must stop once it sees it was superseded, removing only its own tables.
    const { user, last } = await history(3_000);
    await runtime.appliedUpTo(last);
    const other = openMemoryCoordination();
    try {
      let second: Promise<unknown> | undefined;
      const first = rebuild({
        ownerId: 'first',
        async onProgress(progress) {
          if (progress.phase !== 'replay' || second) return;
          second = rebuild({ ownerId: 'second', leases: other.leases });
          await second;
        },
      });
      await expect(first).rejects.toThrow(/another rebuild took over/);
      await second;
    } finally {
      await other.close();
    }
    const checkpoint = await readCheckpoint(fixture.db, 'toy');
    expect(checkpoint).toMatchObject({ generation: 3, rebuildGeneration: null, position: last });
    expect(await fixture.db.schema.hasTable('toy_counts__g2')).toBe(false);
    expect(await fixture.db.schema.hasTable('toy_counts__g1')).toBe(false);
    expect(await renamesOf(user)).toBe(3_000);
  });
});

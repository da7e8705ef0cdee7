import { type EventStore } from '../../platform/event-store/port';
import {
  type ProjectionFixture,
  createProjectionFixture,
} from '../test-support/projection-fixture.testing';
import { readCheckpoint } from '../runtime/checkpoints';
import { type BackfillProgress, backfillAnalytics } from './backfill';
import { analyticsProjection } from './index';
import { type WorkloadAppend, shopWorkload } from './workload.testing';

let fixture: ProjectionFixture;
let live: Record<string, string>;
let eventCount = 0;

async function appendAll(appends: readonly WorkloadAppend[]): Promise<void> {
  for (const { stream, events, at } of appends) {
    if (events.length === 0) continue;
    await fixture.append(stream, events, { at });
    eventCount += events.length;
  }
}

beforeAll(async () => {
  fixture = await createProjectionFixture([analyticsProjection]);
  await appendAll(shopWorkload({ seed: 7, orders: 800, users: 60, products: 20, days: 4 }));
  // Odd-sized batches: buckets are added to across many batches.
  await fixture.catchUp({ batchSize: 97 });
  live = await fixture.checksums(analyticsProjection);
}, 120_000);

afterAll(() => fixture.close());

const checksums = () => fixture.checksums(analyticsProjection);

describe('analytics backfill', () => {
  it('over the whole range reproduces the live analytics exactly', async () => {
    expect(eventCount).toBeGreaterThan(3_000);
    const progress: BackfillProgress[] = [];
    const result = await backfillAnalytics(fixture.db, fixture.store, {}, (p) => progress.push(p));
    expect(await checksums()).toEqual(live);
    expect(result).toMatchObject({ from: null, to: null, eventsRead: eventCount });
    expect(result.eventsApplied).toBeGreaterThan(eventCount * 0.9);
    expect(result.buckets).toBeGreaterThan(50);
    expect(progress.at(-1)).toMatchObject({ eventsRead: eventCount });
  });

  it('repairs a damaged bucket with a backfill of its window, touching nothing outside it', async () => {
    const { bucket } = await fixture
      .db('analytics_hourly')
      .orderBy('revenue_cents', 'desc')
      .first();
    const hour = new Date(bucket);
    await fixture
      .db('analytics_hourly')
      .where({ bucket: hour })
      .update({ revenue_cents: 1, orders_paid: 99 });
    await fixture.db('analytics_product_hourly').where({ bucket: hour }).delete();
    const damaged = await checksums();
    expect(damaged.analytics_hourly).not.toBe(live.analytics_hourly);
    expect(damaged.analytics_product_hourly).not.toBe(live.analytics_product_hourly);

    // A window inside the hour is widened to the whole hour.
    const result = await backfillAnalytics(fixture.db, fixture.store, {
      from: new Date(hour.getTime() + 10 * 60_000),
      to: new Date(hour.getTime() + 20 * 60_000),
    });
    expect(result).toMatchObject({
      from: hour,
      to: new Date(hour.getTime() + 3_600_000),
      buckets: 1,
    });
    expect(await checksums()).toEqual(live);
  });

  it('changes nothing when run again', async () => {
    await backfillAnalytics(fixture.db, fixture.store);
    await backfillAnalytics(fixture.db, fixture.store, { from: new Date('2025-03-02T00:00:00Z') });
    expect(await checksums()).toEqual(live);
  });

  it('deletes the rows of a window that has no events', async () => {
    const empty = { from: new Date('2020-01-01T00:00:00Z'), to: new Date('2020-01-02T00:00:00Z') };
    await fixture.db('analytics_hourly').insert({ bucket: empty.from, orders_placed: 5 });
    const result = await backfillAnalytics(fixture.db, fixture.store, empty);
    expect(result).toMatchObject({ eventsApplied: 0, buckets: 0 });
    expect(await checksums()).toEqual(live);
  });

  it('refuses a window that ends before it starts', async () => {
    const at = new Date('2025-03-02T00:00:00Z');
    await expect(
      backfillAnalytics(fixture.db, fixture.store, { from: at, to: at }),
    ).rejects.toThrow('from: must be before to');
  });

  it('stays exact when the live projection moves on while it reads', async () => {
    // While the backfill reads, more events arrive and the live projection applies them: the
    // checkpoint it read has moved by the time it writes, so it must fold those in and retry.
    let raced = false;
    const more = shopWorkload({ seed: 8, orders: 60, users: 5, products: 3, days: 4 }).map((a) => ({
      ...a,
      stream: `${a.stream}-late`,
      events: a.events.map((event) => rename(event)),
    }));
    const racing = racingStore(fixture.store, async () => {
      if (raced) return;
      raced = true;
      await appendAll(more);
      await fixture.catchUp({ batchSize: 50 });
    });
    const before = (await readCheckpoint(fixture.db, 'analytics'))?.position;
    const result = await backfillAnalytics(fixture.db, racing, {});
    const after = (await readCheckpoint(fixture.db, 'analytics'))?.position;
    expect(raced).toBe(true);
    expect(after).not.toBe(before);
    expect(result.position).toBe(after);
    expect(result.eventsRead).toBe(eventCount);

    const raceResult = await checksums();
    await fixture.rebuild();
    expect(await checksums()).toEqual(raceResult);
  });
});

/** The store, except that after the first batch of each `readAll` it awaits `between`. */
function racingStore(store: EventStore, between: () => Promise<void>): EventStore {
  const readAll: EventStore['readAll'] = async function* (options) {
    let first = true;
    for await (const batch of store.readAll(options)) {
      yield batch;
      if (first) {
        first = false;
        await between();
      }
    }
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'readAll') return readAll;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The same history under other ids, so a second workload adds to the first. */
function rename<E extends { type: string; data: object }>(event: E): E {
  const data = JSON.parse(JSON.stringify(event.data), (key, value: unknown) =>
    ['orderId', 'userId', 'customerId', 'productId'].includes(key) && typeof value === 'string'
      ? `${value}-late`
      : value,
  ) as E['data'];
  return { ...event, data };
}

import { type EventStore } from '../../platform/event-store/port';
import { openStores, type Stores } from './stores.testing';
import { writeWorkload } from './workload.testing';

/** The workload generator itself: a seed names one history, and the clock spans the days asked. */
describe('the system-test workload', () => {
  const opened: Stores[] = [];
  afterAll(() => Promise.all(opened.map((stores) => stores.close())));

  async function history(seed: number): Promise<string[]> {
    const stores = await openStores('system_workload');
    opened.push(stores);
    const size = { users: 6, products: 5, orders: 25, concurrency: 1, days: 5 };
    const result = await writeWorkload(stores.store, { seed, ...size });
    expect(result.events).toBeGreaterThan(150);
    return eventsOf(stores.store);
  }

  /** Each event as stream, type, data and time: all but the random event and correlation ids. */
  async function eventsOf(store: EventStore): Promise<string[]> {
    const events: string[] = [];
    for await (const batch of store.readAll()) {
      for (const e of batch) {
        events.push(JSON.stringify([e.streamName, e.type, e.data, e.metadata.occurredAt]));
      }
    }
    return events;
  }

  it('writes the same events for the same seed, and others for another seed', async () => {
    const [first, again, other] = [await history(3), await history(3), await history(4)];
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    const times = first.map((line) => Date.parse(JSON.parse(line)[3] as string));
    const days = (Math.max(...times) - Math.min(...times)) / 86_400_000;
    expect(days).toBeGreaterThan(3);
  });
});

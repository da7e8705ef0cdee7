import { randomUUID } from 'node:crypto';
import { productDecider, streamName as productStream } from '../../domain/product';
import { handleCommand } from '../../platform/commands/handle-command';
import { openMemoryCoordination } from '../../platform/coordination';
import { allProjections } from '../../projections';
import { rebuildProjections } from '../../projections/runtime/rebuild';
import { type SystemUnderTest, startSystem } from '../e2e/system.testing';
import { accessTokenFor } from '../e2e/tokens.testing';
import { generations, waitUntilCaughtUp } from './stores.testing';
import { type WorkloadResult, writeWorkload } from './workload.testing';

/**
 * Zero-downtime rebuild (issue 5): while `rebuildProjections(allProjections)` replays the history
 * into new tables and swaps them in, several loops keep reading over HTTP, and a writer keeps
 * adding products, so the live runners keep applying and each swap has to overtake them. Every
 * answer must be a 200, and must be the same as before the rebuild (for what the writer does not
 * touch) or only grow (the new products): never a gap, an error, or a half-built table.
 */
type Probe = Readonly<{ path: string; token?: string; exact: boolean }>;
type Outcome = Readonly<{ path: string; status: number; at: number; detail?: string }>;
type Category = Readonly<{ category: string; productCount: number }>;

const total = (text: string): number =>
  (JSON.parse(text) as Category[]).reduce((sum, c) => sum + c.productCount, 0);

const FRESH = 'fresh-arrivals';
const LOOPS = 5;

describe('reads during a rebuild of every projection', () => {
  let system: SystemUnderTest;
  let workload: WorkloadResult;

  beforeAll(async () => {
    // No process managers: the workload writes their part too (stock records included), and the
    // inventory-opening manager would race it to open each product's record.
    system = await startSystem({}, { processManagers: [] });
    workload = await writeWorkload(system.eventStore, {
      seed: 5,
      users: 30,
      products: 30,
      orders: 200,
      concurrency: 4,
    });
    await waitUntilCaughtUp(system.db, system.eventStore, workload.lastPosition);
  });
  afterAll(() => system?.close());

  /** New products in a category of their own, one every few milliseconds, until stopped. */
  function startCatalogWriter(): { stop(): Promise<number> } {
    let stopped = false;
    let written = 0;
    const running = (async () => {
      while (!stopped) {
        const productId = randomUUID();
        const now = new Date().toISOString();
        const command = {
          type: 'CreateProduct' as const,
          data: {
            productId,
            sku: `NEW-${productId}`,
            name: `Newcomer ${written}`,
            category: FRESH,
            priceCents: 999,
            now,
          },
        };
        await handleCommand(system.eventStore, productDecider, productStream(productId), command, {
          correlationId: randomUUID(),
          userId: 'admin',
          now,
        });
        written++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    return {
      async stop() {
        stopped = true;
        await running;
        return written;
      },
    };
  }

  it('answers every request with 200 and consistent data while the tables are swapped', async () => {
    const admin = await accessTokenFor(system.writeApi, { roles: ['admin'] });
    const [ann, ben] = await Promise.all(
      workload.users
        .slice(0, 2)
        .map((user) =>
          accessTokenFor(system.writeApi, { userId: user.userId, roles: ['customer'] }),
        ),
    );
    const window = `from=${workload.from}&to=${workload.to}`;
    const probes: Probe[] = [
      { path: '/products?q=lamp&limit=100', exact: true },
      { path: `/products?category=${workload.products[0].category}&sort=price`, exact: true },
      { path: `/products/${workload.products[1].productId}`, exact: true },
      { path: '/orders?limit=50', token: ann, exact: true },
      { path: '/orders?limit=50', token: ben, exact: true },
      { path: `/orders/${workload.orderIds[0]}`, token: admin, exact: true },
      { path: '/users/me', token: ann, exact: true },
      { path: '/notifications?limit=20', token: ben, exact: true },
      { path: `/inventory/${workload.products[2].productId}`, token: admin, exact: true },
      { path: `/analytics/summary?${window}`, token: admin, exact: true },
      { path: `/analytics/top-products?${window}&limit=5`, token: admin, exact: true },
      { path: '/categories', exact: false },
      { path: `/products?category=${FRESH}&limit=100`, exact: false },
    ];
    const get = (probe: Probe) => system.read('GET', probe.path, { token: probe.token });

    const key = (probe: Probe) => `${probe.path} as ${probe.token ?? 'anyone'}`;
    const baseline = new Map<string, string>();
    for (const probe of probes) {
      const response = await get(probe);
      expect({ path: probe.path, status: response.status }).toEqual({
        path: probe.path,
        status: 200,
      });
      baseline.set(key(probe), response.text);
    }
    const established = (text: string) =>
      JSON.stringify((JSON.parse(text) as Category[]).filter((c) => c.category !== FRESH));
    const categoriesBefore = established(baseline.get('/categories as anyone')!);
    expect(total(baseline.get('/categories as anyone')!)).toBeGreaterThan(0);

    /** What is wrong with an answer, if anything; `seen` is what this loop saw last time. */
    const check = (probe: Probe, text: string, seen: Map<string, number>): string | undefined => {
      if (probe.exact) return text === baseline.get(key(probe)) ? undefined : `changed: ${text}`;
      // Only the fresh category grows: the others stay as they were and nothing shrinks.
      const count =
        probe.path === '/categories'
          ? total(text)
          : (JSON.parse(text) as { items: unknown[] }).items.length;
      const last = seen.get(probe.path) ?? 0;
      seen.set(probe.path, count);
      if (count < last) return `went from ${last} products to ${count}: ${text}`;
      if (probe.path === '/categories' && established(text) !== categoriesBefore) {
        return `categories changed: ${text}`;
      }
      return undefined;
    };

    const outcomes: Outcome[] = [];
    let reading = true;
    const loop = async (offset: number) => {
      const seen = new Map<string, number>();
      for (let i = offset; reading; i++) {
        const probe = probes[i % probes.length];
        const response = await get(probe);
        const detail = response.status === 200 ? check(probe, response.text, seen) : response.text;
        outcomes.push({
          path: probe.path,
          status: response.status,
          at: Date.now(),
          ...(detail !== undefined && { detail: detail.slice(0, 400) }),
        });
      }
    };

    const before = await generations(system.db);
    const writer = startCatalogWriter();
    const loops = Array.from({ length: LOOPS }, (_, i) => loop(i * 3));
    const coordination = openMemoryCoordination();
    const swaps: number[] = [];
    let started = 0;
    let written = 0;
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      started = Date.now();
      await rebuildProjections(allProjections, {
        db: system.db,
        store: system.eventStore,
        leases: coordination.leases,
        ownerId: 'zero-downtime-test',
        batchSize: 500,
        onSwapped: () => void swaps.push(Date.now()),
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      reading = false;
      await Promise.all(loops);
      written = await writer.stop();
      await coordination.close();
    }

    expect(swaps).toHaveLength(allProjections.length);
    expect(written).toBeGreaterThan(0);
    const after = await generations(system.db);
    for (const { name } of allProjections) expect(after[name]).toBe(before[name] + 1);
    // The loops really read before, during and after the swaps.
    expect(outcomes.filter((o) => o.at < started).length).toBeGreaterThan(0);
    const [first, last] = [swaps[0], swaps[swaps.length - 1]];
    expect(outcomes.filter((o) => o.at > started && o.at < first).length).toBeGreaterThan(20);
    expect(outcomes.filter((o) => o.at > first && o.at < last).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.at > last).length).toBeGreaterThan(0);
    const failed = outcomes.filter((o) => o.status !== 200 || o.detail !== undefined);
    expect(failed).toEqual([]);
  });
});

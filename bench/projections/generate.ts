import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { createPostgresEventStore } from '../../platform/event-store';
import { Ledger } from './shop/ledger';
import { Random } from './shop/random';
import { ShopSimulation, shopPlan, type OrderOutcomes, type ShopPlan } from './shop/simulation';

export type GenerateRequest = Readonly<{
  databaseUrl: string;
  events: number;
  /** Appends in flight at a time, each on its own connection. */
  writers: number;
  seed: number;
}>;

/** What the generated store holds, for the report and for the read API workloads. */
export type GeneratedStore = Readonly<{
  events: number;
  appends: number;
  rounds: number;
  simulatedFrom: string;
  simulatedTo: string;
  seconds: number;
  /** Of `seconds`, the time spent deciding (the rest: waiting for appends). */
  decideSeconds: number;
  plan: ShopPlan;
  eventsByType: Record<string, number>;
  orders: OrderOutcomes;
  /** The catalog search term: matches the most active products of any single word we use. */
  searchWord: string;
  adminUserId: string;
  /** The customers with the most orders, for the order-history workload. */
  topCustomers: { userId: string; email: string; orders: number }[];
}>;

/**
 * Fills an empty event store with `events` events (a little more: the last round completes) of
 * a simulated shop, decided by the domain's deciders in memory (shop/ledger.ts) and appended
 * round by round, each stream's events of a round in one append, `writers` appends at a time.
 * Commits during generation skip the wait for the WAL flush (synchronous_commit=off on these
 * connections only): generating is setup, not measured; a CHECKPOINT afterwards makes it durable.
 */
export async function generateStore(request: GenerateRequest): Promise<GeneratedStore> {
  const began = performance.now();
  const pool = new Pool({
    connectionString: request.databaseUrl,
    max: request.writers,
    application_name: 'bench-projections-generator',
    options: '-c synchronous_commit=off',
  });
  const store = createPostgresEventStore({ pool });
  try {
    await store.ensureSchema();
    const plan = shopPlan(request.events);
    const ledger = new Ledger();
    const shop = new ShopSimulation(ledger, new Random(request.seed), plan);
    let reported = 0;
    let decideMs = 0;
    const step = () => {
      const started = performance.now();
      shop.step();
      decideMs += performance.now() - started;
    };
    step();
    while (ledger.decided < request.events) {
      // The next round is decided while this one's appends are in flight; it is appended only
      // once they have all committed, so reactions land after their causes in $all.
      const flushing = ledger.flush(store, request.writers);
      step();
      await flushing;
      if (ledger.appended - reported >= request.events / 10) {
        reported = ledger.appended;
        const seconds = (performance.now() - began) / 1_000;
        log(
          `generated ${ledger.appended.toLocaleString('en-US')} events in ${seconds.toFixed(0)} s ` +
            `(${Math.round(ledger.appended / seconds).toLocaleString('en-US')}/s, deciding ` +
            `${(decideMs / 1_000).toFixed(1)} s of it)`,
        );
      }
    }
    await ledger.flush(store, request.writers);
    return {
      events: ledger.appended,
      appends: ledger.appends,
      rounds: shop.rounds,
      simulatedFrom: shop.startsAt,
      simulatedTo: shop.endsAt,
      seconds: (performance.now() - began) / 1_000,
      decideSeconds: decideMs / 1_000,
      plan,
      eventsByType: Object.fromEntries(
        [...ledger.eventsByType].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
      ),
      orders: shop.outcomes,
      searchWord: shop.searchWord(),
      adminUserId: shop.adminUserId,
      topCustomers: shop.topCustomers(200),
    };
  } finally {
    await store.close();
    await pool.end();
  }
}

export function log(line: string): void {
  console.log(`[projections] ${line}`);
}

/** How much work `npm run bench -- write` does; see index.ts for the order of the windows. */
export type WriteBenchConfig = Readonly<{
  /** autocannon connections of each measured window; the last also gets the variant rows. */
  connections: readonly number[];
  /** Per window: load that is thrown away (JIT, pools, caches), then the measured load. */
  warmupSeconds: number;
  durationSeconds: number;
  /** pg.Pool max of the write API and of the floor (the write API's production default). */
  poolSize: number;
  /** Seeded before the run through the HTTP API: customers with one address each, products. */
  customers: number;
  products: number;
  /** Lines per order are drawn from 1..maxLines, each quantity from 1..3. */
  maxLines: number;
  /** scrypt hashes per core when measuring the hash alone. */
  scryptSamples: number;
  /** With --embedded: connections of the place-order window against `shopstream start`. */
  embeddedConnections: number;
}>;

/** About two minutes on 2 cores: eight windows of 2 + 10 s, seeding and start-up. */
export const FULL_RUN: WriteBenchConfig = {
  connections: [16, 64],
  warmupSeconds: 2,
  durationSeconds: 10,
  poolSize: 10,
  customers: 64,
  products: 100,
  maxLines: 3,
  scryptSamples: 20,
  embeddedConnections: 16,
};

export const QUICK_RUN: WriteBenchConfig = {
  ...FULL_RUN,
  warmupSeconds: 1,
  durationSeconds: 3,
  customers: 16,
  products: 30,
  scryptSamples: 6,
};

/** For the smoke test: every code path, no meaningful numbers. */
export const SMOKE_RUN: WriteBenchConfig = {
  connections: [2, 4],
  warmupSeconds: 0.3,
  durationSeconds: 1,
  poolSize: 4,
  customers: 3,
  products: 5,
  maxLines: 3,
  scryptSamples: 1,
  embeddedConnections: 2,
};

import { renderReport } from '../report';
import { SMOKE_RUN } from './config';
import { runWriteBench, type WriteBenchResults } from './index';
import { COST_COLUMNS, EMBEDDED_COLUMNS, HEADLINE_COLUMNS } from './tables';
import { WORKLOADS } from './workloads';

/**
 * Keeps the benchmark from rotting: the same code as `npm run bench -- write --profile` (child
 * processes, seeding over HTTP, every workload, the CPU profile) with tiny windows against the
 * harness's DATABASE_URL and REDIS_URL. It checks the report's shape and that every request was
 * answered 2xx; the numbers of a shared test machine mean nothing, so none is asserted.
 */
describe('write API benchmark (smoke)', () => {
  it('measures every workload against the write API and the floor, without a failed request', async () => {
    const report = await runWriteBench({ config: SMOKE_RUN, profile: true, embedded: true });
    const { windows } = report.results as WriteBenchResults;

    const [headline, costs, scrypt] = report.tables;
    const profile = report.tables.find((t) => t.columns[0] === 'category')!;
    expect(headline.columns).toEqual(HEADLINE_COLUMNS);
    const [low, high] = SMOKE_RUN.connections;
    expect(headline.rows.map((row) => [row[0], row[1]])).toEqual([
      [WORKLOADS.register, low],
      [WORKLOADS.register, high],
      [WORKLOADS.placeOrder, low],
      [WORKLOADS.placeOrder, high],
      [WORKLOADS.placeOrderWithKey, high],
      [WORKLOADS.registerCheapHash, high],
      [WORKLOADS.placeOrderEmbedded, SMOKE_RUN.embeddedConnections],
      [WORKLOADS.floor, low],
      [WORKLOADS.floor, high],
    ]);
    for (const row of headline.rows) {
      expect(row.slice(2, 5)).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
      expect(row[7]).toBe(0);
    }
    for (const row of headline.rows.slice(0, 7)) {
      expect(row[5]).toEqual(expect.any(Number));
      expect(row[6]).toMatch(/^\d+%$/);
    }

    for (const window of windows) {
      expect(window.load.responses).toBeGreaterThan(0);
      expect({ workload: window.workload, non2xx: window.load.non2xx }).toEqual({
        workload: window.workload,
        non2xx: 0,
      });
      expect(window.load.errors).toBe(0);
    }
    const pgQueries = (workload: string) =>
      windows.filter((w) => w.workload === workload).map((w) => w.pgQueriesPerRequest);
    // A register is two reads and two appends at least; the floor exactly one INSERT.
    for (const q of pgQueries(WORKLOADS.register)) expect(q).toBeGreaterThanOrEqual(4);
    for (const q of pgQueries(WORKLOADS.floor)) expect(q).toBe(1);
    // A place-order reads its customer and products in one query, then appends (plus the
    // coalesced NOTIFY after appends, and requests straddling the window's edges): never a read
    // per line, which made it 1 + 2 (lines on average) + 1 and more.
    for (const q of pgQueries(WORKLOADS.placeOrder)) expect(q).toBeLessThan(3.5);

    expect(costs.columns).toEqual(COST_COLUMNS);
    expect(costs.rows).toHaveLength(headline.rows.length);
    const rss = COST_COLUMNS.indexOf('server RSS MiB (peak/end)');
    for (const row of costs.rows) expect(row[rss]).toMatch(/^[1-9]\d*\*?\/[1-9]\d*$/);
    expect(scrypt.rows.map((row) => row[0])).toEqual(['2^14', '2^10']);
    // --embedded: place-order on `shopstream start` against Postgres mode at the same count.
    const embedded = report.tables.find((t) => t.columns === EMBEDDED_COLUMNS);
    expect(embedded?.rows).toEqual([
      [
        SMOKE_RUN.embeddedConnections,
        expect.any(Number),
        expect.any(Number),
        expect.any(Number),
        expect.any(Number),
        expect.stringMatching(/^\d+%$/),
        '>=25%, p99 < 200 ms',
        expect.stringMatching(/^(PASS|SHORT)$/),
        expect.stringMatching(/^[1-9]\d*\*?\/[1-9]\d*$/),
      ],
    ]);
    expect(profile.columns).toEqual([
      'category',
      `${WORKLOADS.register} @${high}`,
      `${WORKLOADS.placeOrder} @${high}`,
      `${WORKLOADS.placeOrderWithKey} @${high}`,
      `${WORKLOADS.registerCheapHash} @${high}`,
    ]);
    expect(report.environment).toEqual(
      expect.objectContaining({ cpus: expect.any(Number), 'pg fsync': expect.any(String) }),
    );
    expect(renderReport(report)).toContain('floor req/s');
  });
});

import { renderReport } from '../report';
import { SMOKE_RUN } from './config';
import { type ProjectionsBenchResults, runProjectionsBench } from './index';
import { READ_WORKLOADS } from './read-load';
import { HEADLINE_COLUMNS, LIVE_COLUMNS, PROJECTION_COLUMNS, READ_API_COLUMNS } from './tables';

/**
 * Keeps the benchmark from rotting: the same code as `npm run bench -- projections --profile`
 * (generator, rebuild and read API child processes, every phase, the profiled rebuild) with a
 * tiny store against the harness's DATABASE_URL. It checks the report's shape and that every
 * read request was answered 2xx; the numbers of a shared test server mean nothing. Other test
 * files' open transactions may hold back $all (xmin is cluster-wide), so counts are bounds.
 */
describe('projections benchmark (smoke)', () => {
  it('generates a store, rebuilds every projection, reads it back over HTTP and reports', async () => {
    const report = await runProjectionsBench({ config: SMOKE_RUN, profile: true, fresh: true });
    const results = report.results as ProjectionsBenchResults;

    expect(results.generated.events).toBeGreaterThanOrEqual(SMOKE_RUN.events);
    expect(results.store.events).toBe(results.generated.events);
    for (const type of ['UserRegistered', 'ProductCreated', 'OrderPlaced', 'StockReserved']) {
      expect(results.generated.eventsByType[type]).toBeGreaterThan(0);
    }
    const [headline, perProjection, time] = report.tables;
    expect(headline.columns).toEqual(HEADLINE_COLUMNS);
    expect(headline.rows).toHaveLength(3 + 6);
    expect(headline.rows[2][5]).toMatch(/^(PASS|SHORT)$/);
    // Every rebuild row reports the rebuilding process's memory; the read rows have none.
    const rss = HEADLINE_COLUMNS.indexOf('RSS MiB (peak/end)');
    for (const row of headline.rows.slice(2)) expect(row[rss]).toMatch(/^[1-9]\d*\*?\/[1-9]\d*$/);
    expect(perProjection.columns).toEqual(PROJECTION_COLUMNS);
    expect(perProjection.rows.map((row) => row[0])).toEqual([
      'catalog',
      'inventory',
      'orders',
      'users',
      'notifications',
      'analytics',
    ]);
    for (const row of perProjection.rows) expect(row[1]).toEqual(expect.any(Number));
    expect(time.rows.length).toBeGreaterThan(6);

    expect(results.rebuildAll.eventsRead).toBeGreaterThan(0);
    // The live probe appends before and during the rebuild; each projection's catch-up reads
    // what arrived during it again.
    const { idle, rebuildAll } = results.live;
    expect(results.rebuildAll.eventsRead).toBeLessThanOrEqual(
      results.store.events + idle.sent + rebuildAll.sent * results.rebuildAll.projections.length,
    );
    const live = report.tables.find((t) => t.columns.join() === LIVE_COLUMNS.join());
    expect(live?.rows.map((row) => row[0])).toEqual(['idle', 'projections rebuild all']);
    for (const probe of [idle, rebuildAll]) {
      expect(probe.sent).toBeGreaterThan(0);
      expect(probe.undelivered).toBe(0);
      expect(probe.latency.count).toBe(probe.sent);
    }
    expect(results.tableRows.orders_orders).toBeGreaterThan(0);
    expect(results.tableRows.catalog_products).toBeGreaterThan(0);
    expect(results.profiled?.profile?.busyMs).toEqual(expect.any(Number));

    const readApi = report.tables.find((t) => t.columns === READ_API_COLUMNS);
    expect(readApi?.rows.map((row) => row[0])).toEqual(Object.values(READ_WORKLOADS));
    // The catalog search is compared with its floor (the same SELECT behind a bare route).
    const versusFloor = READ_API_COLUMNS.indexOf('vs floor');
    expect(readApi?.rows.map((row) => row[versusFloor])).toEqual([
      expect.stringMatching(/^\d+% \(target >=50%: (PASS|SHORT)\)$/),
      '-',
      '-',
      '-',
    ]);
    for (const window of results.readApi) {
      expect(window.load.responses).toBeGreaterThan(0);
      expect({
        workload: window.workload,
        failed: window.load.non2xx + window.load.errors,
      }).toEqual({ workload: window.workload, failed: 0 });
      expect(window.itemsPerPage).toBeGreaterThan(0);
      expect(window.apiMemory?.rssMiB).toBeGreaterThan(0);
    }
    expect(results.limits.length).toBeGreaterThan(2);
    expect(report.environment).toEqual(
      expect.objectContaining({ cpus: expect.any(Number), 'pg fsync': expect.any(String) }),
    );
    expect(renderReport(report)).toContain('vs $all read');
    // Generating, rebuilding and serving take about 35 s alone; beside another worker's suite on
    // a loaded 2-core machine, several times that.
  }, 600_000);
});

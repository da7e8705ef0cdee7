import { renderReport } from '../report';
import { SMOKE_RUN } from './config';
import { runEventStoreBench } from './index';
import { type Results } from './results';
import { HEADLINE_COLUMNS } from './tables';

/**
 * Keeps the benchmark from rotting: the same code as `npm run bench -- eventstore` (child
 * processes, all three stores, every phase) with tiny counts against the harness's DATABASE_URL.
 * It checks the report's shape only; the numbers of a shared test server mean nothing, and other
 * test files' open transactions may hold back $all (xmin is cluster-wide), so counts are bounds.
 */
describe('event store benchmark (smoke)', () => {
  it('measures every phase of all three stores and reports them', async () => {
    const report = await runEventStoreBench({ config: SMOKE_RUN, profile: false });
    const subjects = (report.results as { subjects: Results }).subjects;

    const [headline, detail] = report.tables;
    expect(headline.columns).toEqual(HEADLINE_COLUMNS);
    expect(headline.rows).toHaveLength(6);
    const [single, concurrent, batched, read, p50, p99] = headline.rows;
    for (const row of [single, concurrent, batched, read]) {
      expect([row[1], row[2], row[4]]).toEqual([
        expect.any(Number),
        expect.any(Number),
        expect.any(Number),
      ]);
      expect(row[7]).toMatch(/^(PASS|SHORT)$/);
    }
    for (const row of [p50, p99]) {
      expect([row[1], row[2], row[4]]).toEqual([expect.any(Number), expect.any(Number), null]);
    }
    expect(detail.rows).toHaveLength(6);
    // The last row: each store process's RSS, peak over the phases / at their end.
    const memoryRow = detail.rows[5];
    expect(memoryRow[0]).toBe('process RSS MiB, peak / end');
    for (const cell of [memoryRow[1], memoryRow[3], memoryRow[5]]) {
      expect(cell).toMatch(/^[1-9]\d* \/ [1-9]\d*$/);
    }

    for (const name of ['ours', 'emmett', 'ceiling'] as const) {
      const result = subjects[name];
      expect(result.concurrent.eventsWritten).toBeGreaterThan(0);
      expect(result.read.eventsRead).toBeGreaterThan(0);
      expect(result.read.eventsRead).toBeLessThanOrEqual(SMOKE_RUN.read.events);
    }
    for (const name of ['ours', 'emmett'] as const) {
      const live = subjects[name].live;
      expect(live).not.toBeNull();
      expect(live!.delivered + live!.missing).toBe(
        SMOKE_RUN.live.appends + SMOKE_RUN.live.warmupAppends,
      );
    }
    expect(subjects.ceiling.live).toBeNull();
    expect(report.environment).toEqual(
      expect.objectContaining({ cpus: expect.any(Number), 'pg fsync': expect.any(String) }),
    );
    expect(renderReport(report)).toContain('ours/Emmett');
  });
});

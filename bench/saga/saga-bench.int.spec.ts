import { renderReport } from '../report';
import { SMOKE_RUN } from './config';
import { runSagaBench, type SagaBenchResults } from './index';
import { HEADLINE_COLUMNS } from './tables';
import { HOPS } from './timeline';

/**
 * Keeps the benchmark from rotting: the same code as `npm run bench -- saga` (the five processes
 * on the harness's DATABASE_URL, REDIS_URL, KAFKA_BROKERS and SMTP_URL, then `shopstream start`
 * on a fresh DATA_DIR; seeding over HTTP, open-loop windows, the sweep and its control, the
 * probes, the per-hop trail from the stores) with a few orders a second for a second or two.
 * It checks the report's shape; the numbers of a shared test machine mean nothing, so none is
 * asserted, not even whether a rate held.
 */
describe('saga benchmark (smoke)', () => {
  it('measures both topologies at every rate and splits the latency into hops', async () => {
    const report = await runSagaBench({ config: SMOKE_RUN, profile: false });
    const { runs } = report.results as SagaBenchResults;

    expect(runs.map((run) => run.kind)).toEqual(['multi-process', 'embedded']);
    const [headline, sustained, hopMeans] = report.tables;
    expect(headline.columns).toEqual(HEADLINE_COLUMNS);
    expect(sustained.rows.map((row) => row[0])).toEqual(['multi-process', 'embedded']);
    expect(hopMeans.columns).toEqual(expect.arrayContaining([...HOPS]));

    for (const run of runs) {
      expect(run.timelineError).toBeUndefined();
      expect(run.idleOrderMs).toEqual(expect.any(Number));
      expect(run.idle.processes.map((p) => p.name)).toEqual(
        run.windows[0].probe.processes.map((p) => p.name),
      );
      const rates = run.windows.map((w) => w.rate);
      expect(rates).toEqual(expect.arrayContaining([...SMOKE_RUN.rates]));
      for (const w of run.windows) {
        expect(w.orders).toBeGreaterThan(0);
        expect(w.placeFailed).toBe(0);
        expect(w.observing.sweepRequestsPerSecond).toEqual(expect.any(Number));
        expect(w.why).toEqual(expect.any(String));
        expect(w.probe.processes.length).toBeGreaterThan(0);
        for (const p of w.probe.processes.filter((q) => q.kind === 'shopstream')) {
          expect([p.cores, p.peakMiB, p.endMiB]).toEqual([
            expect.any(Number),
            expect.any(Number),
            expect.any(Number),
          ]);
        }
      }
      const shopstream = run.windows[0].probe.processes.filter((p) => p.kind === 'shopstream');
      expect(shopstream.map((p) => p.name)).toEqual(
        run.kind === 'embedded'
          ? ['shopstream start']
          : ['write-api', 'read-api', 'projections', 'relay', 'process-managers'],
      );
      // Somewhere in the run each process reported its part of the trail.
      const readings = new Set(run.windows.flatMap((w) => Object.keys(w.probe.metrics)));
      for (const key of ['saga decision', 'relay publish batch', 'orders projection batch']) {
        expect(readings).toContain(key);
      }
      const traced = run.windows.filter((w) => (w.hops?.orders ?? 0) > 0);
      expect(traced.length).toBeGreaterThan(0);
      for (const w of traced) expect(Object.keys(w.hops!.hops)).toEqual([...HOPS]);
      if (run.kind === 'multi-process') {
        expect(run.windows[0].probe.pg).toEqual(
          expect.objectContaining({ transactions: expect.any(Number) }),
        );
      }
    }
    expect(report.environment).toEqual(
      expect.objectContaining({ cpus: expect.any(Number), 'pg fsync': expect.any(String) }),
    );
    expect(() => JSON.stringify(report)).not.toThrow();
    expect(renderReport(report)).toContain('Where the time goes');
  }, 900_000);
});

/**
 * One PostgreSQL cluster per jest worker. A reader of `$all` stops short of events behind any
 * transaction in flight anywhere on its cluster (the snapshot's xmin is cluster-wide, not
 * per database), so two test files on one cluster hold each other's readers back: suites that
 * catch up to the head, or check that nothing was appended, then fail or wait on a neighbour.
 * A separate database per file is not enough; a separate cluster per worker is.
 *
 * global-setup.ts starts the clusters and publishes their URLs in this variable, in worker
 * order; each worker switches DATABASE_URL to its own before its first test file (the
 * `setupFiles` of the integration project), and children it spawns inherit it.
 */
export const WORKER_DATABASES_ENV = 'SHOPSTREAM_TEST_WORKER_DATABASE_URLS';

/** The cluster URL of jest worker `workerId` (1-based), or undefined when there is one cluster. */
export function workerDatabaseUrl(
  env: NodeJS.ProcessEnv,
  workerId: string | undefined,
): string | undefined {
  const urls = (env[WORKER_DATABASES_ENV] ?? '').split(',').filter(Boolean);
  if (urls.length === 0) return undefined;
  const index = Math.max(0, Number(workerId ?? '1') - 1) % urls.length;
  return urls[index];
}

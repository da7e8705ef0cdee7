import { WORKER_DATABASES_ENV, workerDatabaseUrl } from './worker-databases';

const urls = ['postgres://a/postgres', 'postgres://b/postgres'];
const env = { [WORKER_DATABASES_ENV]: urls.join(',') };

test('each jest worker gets its own cluster, in worker order', () => {
  expect(workerDatabaseUrl(env, '1')).toBe(urls[0]);
  expect(workerDatabaseUrl(env, '2')).toBe(urls[1]);
});

test('more workers than clusters (jest --maxWorkers raised by hand) wrap around', () => {
  expect(workerDatabaseUrl(env, '3')).toBe(urls[0]);
});

test('a single cluster (DATABASE_URL from the environment) leaves DATABASE_URL alone', () => {
  expect(workerDatabaseUrl({}, '2')).toBeUndefined();
});

import { newEvents, eventually } from '../../event-store/contract/contract-helpers';
import { createPostgresEventStore } from '../../event-store/open-event-store';
import { type PostgresEventStore } from '../../event-store/postgres/postgres-event-store';
import { useFreshDatabase } from '../../event-store/test-support/fresh-database';
import { appendInOpenTransaction } from '../../event-store/test-support/forgotten-begin';
import { createMetricsRegistry } from '../../observability/metrics';
import { registerStallGauges } from '../../observability/stall-gauges';
import { createFixtureApp, type FixtureApp } from '../testing/fixture-app.testing';
import { eventStoreChecks } from './event-store-checks';

/**
 * A stalled cluster must be visible: a forgotten BEGIN that wrote holds every subscriber back,
 * and readiness and metrics say so while it lasts. Readiness stays 200 ("degraded"): the stall is
 * shared by every instance, and taking them all out of rotation would not end it.
 */
const database = useFreshDatabase('es_stall');
const STALL_SECONDS = 0.3;
let store: PostgresEventStore;
let fixture: FixtureApp;

beforeAll(async () => {
  store = createPostgresEventStore({ connectionString: database.url, poolSize: 2 });
  database.beforeDrop(() => store.close());
  await store.ensureSchema();
  const registry = createMetricsRegistry('stall-test');
  registerStallGauges(registry, store);
  registerStallGauges(registry, store); // a second worker of the same process asks again
  fixture = await createFixtureApp({
    metrics: registry,
    healthChecks: eventStoreChecks(store, STALL_SECONDS),
  });
  database.beforeDrop(() => fixture.app.close());
});

const get = (url: string) => fixture.app.nest.inject({ method: 'GET', url });

function gauge(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  if (!match) throw new Error(`${name} is not exported`);
  return Number(match[1]);
}

test('a forgotten BEGIN makes readiness "degraded" and shows in the stall gauges until it ends', async () => {
  const held = await appendInOpenTransaction(database.url, 'stall-held');
  let ended = false;
  try {
    for (const event of newEvents(3)) await store.append('stall-after', [event], 'any');

    await eventually(async () => (await get('/health/ready')).json().status === 'degraded');
    const ready = await get('/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'degraded' });

    const metrics = (await get('/metrics')).body;
    expect(gauge(metrics, 'event_store_oldest_in_flight_write_age_seconds')).toBeGreaterThanOrEqual(
      STALL_SECONDS,
    );
    expect(gauge(metrics, 'event_store_held_back_events')).toBeGreaterThanOrEqual(3);

    await held.rollback();
    ended = true;
    // Other test files share the cluster and may hold a write id for a moment too.
    await eventually(async () => (await get('/health/ready')).json().status === 'ok');
    expect((await get('/health/ready')).statusCode).toBe(200);
  } finally {
    if (!ended) await held.rollback();
  }
});

import { createPostgresEventStore } from '../platform/event-store/open-event-store';
import { type EventStore } from '../platform/event-store/port';
import { appendRenames } from '../relay/relay-fixture.testing';
import { type RelayStatus } from '../relay/relay-status';
import { runCli } from '../test/cli/run-cli.testing';
import { createTestDatabase, type TestDatabase, services, uniqueTopic } from '../test/harness';
import { freePort } from '../test/harness/runtime/net';
import {
  type ShopstreamProcess,
  spawnShopstream,
  waitUntilAnswering,
} from '../test/system/shopstream-process.testing';

/** `shopstream relay run|status` as an operator runs them, each its own process. */
describe('shopstream relay', () => {
  let database: TestDatabase;
  let store: EventStore;
  let env: Record<string, string>;
  const processes: ShopstreamProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('relay_cli');
    store = createPostgresEventStore({ connectionString: database.url, poolSize: 2 });
    await store.ensureSchema();
    env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: services().kafkaBrokers,
      KAFKA_TOPIC_PREFIX: `${uniqueTopic('relay-cli')}.`,
      LOG_LEVEL: 'warn',
    };
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await store.close();
    await database.drop();
  });

  it('refuses to run or report on a schema that was never migrated, naming the fix', async () => {
    for (const args of [
      ['relay', 'status'],
      ['relay', 'run'],
    ]) {
      const result = await runCli(args, { ...env, RELAY_PORT: String(await freePort()) });
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^shopstream: DATABASE_URL: .*run `shopstream migrate`/),
      ]);
    }
  });

  it('publishes the stored events, serves health and metrics, and reports where it is', async () => {
    expect((await runCli(['migrate'], env)).code).toBe(0);
    const head = await appendRenames(store, 3, 30);
    const port = await freePort();
    const relay = await spawnShopstream(['relay', 'run'], { ...env, RELAY_PORT: String(port) });
    processes.push(relay);
    await waitUntilAnswering(relay, `http://127.0.0.1:${port}/health/ready`);

    let status: RelayStatus | undefined;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      const result = await runCli(['relay', 'status', '--json'], env);
      expect(result.code).toBe(0);
      status = JSON.parse(result.stdout) as RelayStatus;
      if (status.position === head) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toMatchObject({
      position: head,
      headPosition: head,
      lagEvents: 0,
      lastError: null,
    });

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^relay_published_events_total\{[^}]*\} 30$/m);
    expect(metrics).toMatch(/^relay_lag_events\{[^}]*\} 0$/m);
    expect(metrics).toMatch(/^relay_lag_seconds\{[^}]*\} 0$/m);

    const table = await runCli(['relay', 'status'], env);
    expect(table.stdout).toContain(`position    ${head}`);
    expect(table.stdout).toContain('lag         0 events, 0.0 s');
    expect(await relay.stop('SIGTERM')).toBe(0);
  });
});

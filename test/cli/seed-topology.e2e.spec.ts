import { type Apis, logIn } from '../saga/shop-client.testing';
import { send } from '../e2e/write-api.testing';
import { type RunningTopology, startTopologyScript } from '../topology/run-topology.testing';
import { runCli } from './run-cli.testing';
import { expectSeededShop, parseSeedSummary } from './seed-checks.testing';

const ADMIN = { email: 'seed-admin@example.test', password: 'admin-passw0rd' };

/**
 * `shopstream seed` against the distributed topology as an operator runs it
 * (scripts/run-topology.sh: two write APIs, a read API, projections, the relay and two process
 * managers on Postgres, Redis, Kafka and SMTP), through its one public entry point: the nginx
 * gateway, with the per-client limit compose ships (20 requests a second, 429 without
 * Retry-After), which seed must wait out.
 */
describe('shopstream seed through the gateway of the distributed topology', () => {
  let topology: RunningTopology;

  beforeAll(async () => {
    topology = await startTopologyScript({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
  }, 300_000);
  afterAll(async () => {
    await topology?.close();
  });

  it('makes orders in every state there too, as its summary says', async () => {
    const seeded = await runCli(
      ['seed', '--users', '3', '--products', '6', '--orders', '7', '--url', topology.gatewayUrl],
      // Only what an operator's shell would hold: the admin, no store or service URL.
      { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
    );
    expect({ code: seeded.code, stderr: seeded.code === 0 ? '' : seeded.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    const call: Apis['read'] = (method, path, options = {}) =>
      send(topology.gatewayUrl, method, path, options);
    const apis: Apis = { write: call, read: call };
    const adminToken = await logIn(apis, ADMIN.email, ADMIN.password);
    await expectSeededShop(apis, adminToken, parseSeedSummary(seeded.stdout));
  }, 240_000);
});

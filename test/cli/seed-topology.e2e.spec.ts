import { type Apis, logIn } from '../saga/shop-client.testing';
import { ADMIN_PASSWORD, startTopology, type Topology } from '../saga/topology.testing';
import { runCli } from './run-cli.testing';
import { expectSeededShop, parseSeedSummary } from './seed-checks.testing';

/**
 * `shopstream seed` against the distributed processes (write API, read API, projections, relay
 * and process managers, each its own process on Postgres, Redis, Kafka and SMTP): the same
 * client, pointed at the two APIs with --write-url/--read-url, makes the same shop.
 */
describe('shopstream seed against the distributed processes', () => {
  let topology: Topology;

  beforeAll(async () => {
    topology = await startTopology();
  }, 180_000);
  afterAll(async () => {
    await topology?.close();
  });

  it('makes orders in every state there too, as its summary says', async () => {
    const { env } = topology;
    const seeded = await runCli(
      [
        'seed',
        ...['--users', '3', '--products', '6', '--orders', '7'],
        ...['--write-url', `http://127.0.0.1:${env.WRITE_API_PORT}`],
        ...['--read-url', `http://127.0.0.1:${env.READ_API_PORT}`],
      ],
      // Only what an operator's shell would hold: the admin, no store or service URL.
      { ADMIN_EMAIL: topology.adminEmail, ADMIN_PASSWORD },
    );
    expect({ code: seeded.code, stderr: seeded.code === 0 ? '' : seeded.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    const apis: Apis = { write: topology.write, read: topology.read };
    const adminToken = await logIn(apis, topology.adminEmail, ADMIN_PASSWORD);
    await expectSeededShop(apis, adminToken, parseSeedSummary(seeded.stdout));
  }, 240_000);
});

import { type TestUser, createProduct, placeOrder, registerUser } from './orders.testing';
import {
  type FuzzResult,
  runSchemathesis,
  schemathesisBinary,
} from './schemathesis/schemathesis.testing';
import { type SystemUnderTest, startSystem } from './system.testing';

/**
 * Schemathesis generates requests from each API's own OpenAPI document, valid and invalid, and
 * checks every answer against it (`--checks all`): no 5xx, only declared statuses, headers and
 * bodies, valid data accepted, invalid data refused, 405 with Allow for an undeclared method.
 * So the documents state exactly what the servers do, and stay so. Run once as an admin and once
 * as a customer, over a shop with data in it. SCHEMATHESIS_EXAMPLES and SCHEMATHESIS_SEED widen
 * or vary a local run; CI uses the defaults.
 */
const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_EXAMPLES ?? 10);
const SEED = Number(process.env.SCHEMATHESIS_SEED ?? 20261205);

const RUNS = [
  ['read', 'admin'],
  ['read', 'customer'],
  ['write', 'admin'],
  ['write', 'customer'],
] as const;

describe('the OpenAPI documents against the running APIs (schemathesis)', () => {
  let system: SystemUnderTest;
  const results = new Map<string, Promise<FuzzResult>>();

  beforeAll(async () => {
    const binary = schemathesisBinary();
    system = await startSystem();
    const admin: TestUser = await registerUser(system.writeApi, ['admin']);
    const customer: TestUser = await registerUser(system.writeApi);
    const mug = await createProduct(system.writeApi, { name: 'Blue mug', priceCents: 1299 });
    const tea = await createProduct(system.writeApi, { name: 'Green tea', priceCents: 450 });
    await placeOrder(system.writeApi, customer, [mug, tea]);
    await system.settle();
    const baseUrls = { write: system.writeApi.baseUrl, read: system.readBaseUrl };
    const tokens = { admin: admin.token, customer: customer.token };
    // All four at once: most of a run is the fuzzer waiting for answers, not computing.
    for (const [api, role] of RUNS) {
      const run = { binary, baseUrl: baseUrls[api], token: tokens[role] };
      results.set(
        `${api} ${role}`,
        runSchemathesis({ ...run, maxExamples: MAX_EXAMPLES, seed: SEED }),
      );
    }
    await Promise.allSettled(results.values());
    // The four fuzz runs are this file's work and run here, not in the tests: a hook's default
    // two minutes is too short for them on a loaded 2-core machine.
  }, 600_000);
  afterAll(() => system?.close());

  it.each(RUNS)('finds nothing in the %s API as %s', async (api, role) => {
    const { exitCode, output } = await results.get(`${api} ${role}`)!;
    // The whole report on failure: each finding with the request that reproduces it.
    expect(exitCode === 0 ? 'no findings' : output).toBe('no findings');
    // And a run that tested little (a document that failed to load, every case skipped) fails.
    const summary = {
      selected: Number(/Selected: (\d+)/.exec(output)?.[1]),
      tested: Number(/Tested: (\d+)/.exec(output)?.[1]),
      generated: Number(/(\d+) generated/.exec(output)?.[1]),
    };
    expect(summary).toEqual({
      selected: expect.any(Number),
      tested: summary.selected,
      generated: expect.any(Number),
    });
    expect(summary.selected).toBeGreaterThanOrEqual(api === 'write' ? 20 : 15);
    expect(summary.generated).toBeGreaterThan(summary.selected * MAX_EXAMPLES);
  });
});

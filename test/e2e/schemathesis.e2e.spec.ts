import { type TestUser, createProduct, placeOrder, registerUser } from './orders.testing';
import { schemathesisBinary, runSchemathesis } from './schemathesis/schemathesis.testing';
import { type SystemUnderTest, startSystem } from './system.testing';

/**
 * Schemathesis generates requests from each API's own OpenAPI document, valid and invalid, and
 * checks every answer against it (`--checks all`): no 5xx, only declared statuses, headers and
 * bodies, valid data accepted, invalid data refused, 405 with Allow for an undeclared method.
 * So the documents state exactly what the servers do, and stay so. Run once as an admin and once
 * as a customer, over a shop with data in it. SCHEMATHESIS_EXAMPLES and SCHEMATHESIS_SEED widen
 * or vary a local run; CI uses the defaults.
 */
const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_EXAMPLES ?? 5);
const SEED = Number(process.env.SCHEMATHESIS_SEED ?? 20261205);

describe('the OpenAPI documents against the running APIs (schemathesis)', () => {
  let binary: string;
  let system: SystemUnderTest;
  let admin: TestUser;
  let customer: TestUser;

  beforeAll(async () => {
    binary = schemathesisBinary();
    system = await startSystem();
    admin = await registerUser(system.writeApi, ['admin']);
    customer = await registerUser(system.writeApi);
    const mug = await createProduct(system.writeApi, { name: 'Blue mug', priceCents: 1299 });
    const tea = await createProduct(system.writeApi, { name: 'Green tea', priceCents: 450 });
    await placeOrder(system.writeApi, customer, [mug, tea]);
    await system.settle();
  });
  afterAll(() => system?.close());

  const apis = () => ({ write: system.writeApi.baseUrl, read: system.readBaseUrl });
  const tokens = () => ({ admin: admin.token, customer: customer.token });

  it.each([
    ['read', 'admin'],
    ['read', 'customer'],
    ['write', 'admin'],
    ['write', 'customer'],
  ] as const)('finds nothing in the %s API as %s', async (api, role) => {
    const { exitCode, output } = await runSchemathesis({
      binary,
      baseUrl: apis()[api],
      token: tokens()[role],
      maxExamples: MAX_EXAMPLES,
      seed: SEED,
    });
    // The whole report on failure: each finding with the request that reproduces it.
    expect(exitCode === 0 ? 'no findings' : output).toBe('no findings');
  });
});

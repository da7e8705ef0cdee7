import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createProduct, placeOrder, registerUser, type TestUser } from './orders.testing';
import { type TestResponse, type WriteApiUnderTest, startWriteApi } from './write-api.testing';

/**
 * Every write route of the SPEC ("Write API" table in docs/SPEC.md, read from the file so a new
 * route cannot be forgotten here) against every kind of caller, as its "who" column says.
 * Requests are built so that getting past authorization changes nothing: most carry an unknown
 * field (a 400 from DTO validation, which runs after the guard); the order routes act on a
 * pending order with a valid body, so the ownership check is reached (then 409).
 */
type Caller = 'anonymous' | 'customer' | 'otherCustomer' | 'admin';
const CALLERS: readonly Caller[] = ['anonymous', 'customer', 'otherCustomer', 'admin'];

/** A status the caller must get, or 'allowed': past authorization (no 401/403/404, no 5xx). */
type Expected = 401 | 403 | 404 | 'allowed';

/** `customer` owns the order of the order routes; `otherCustomer` does not. */
const EXPECTED_BY_WHO: Record<string, Record<Caller, Expected>> = {
  anyone: { anonymous: 'allowed', customer: 'allowed', otherCustomer: 'allowed', admin: 'allowed' },
  user: { anonymous: 401, customer: 'allowed', otherCustomer: 'allowed', admin: 'allowed' },
  customer: { anonymous: 401, customer: 'allowed', otherCustomer: 'allowed', admin: 403 },
  admin: { anonymous: 401, customer: 403, otherCustomer: 403, admin: 'allowed' },
  // Another customer must not learn the order exists (404). An admin sees every order anyway,
  // so for paying, which only the customer does, it is told so (403) rather than "not found".
  owner: { anonymous: 401, customer: 'allowed', otherCustomer: 404, admin: 403 },
  'owner or admin': { anonymous: 401, customer: 'allowed', otherCustomer: 404, admin: 'allowed' },
};

const PROBE = { authorizationMatrixProbe: true };
/** Bodies that pass validation where the decision needs the resource (ownership); none for `-`. */
const BODIES: Record<string, unknown> = {
  'POST /orders/{id}/pay': { paymentReference: 'matrix' },
  'POST /orders/{id}/cancel': {},
  'POST /orders/{id}/ship': {},
  'POST /orders/{id}/deliver': undefined,
  'POST /products/{id}/discontinue': undefined,
  'DELETE /users/me/addresses/{addressId}': undefined,
};

type Route = Readonly<{ method: string; pattern: string; who: string }>;

function writeRoutesOfSpec(): Route[] {
  const spec = readFileSync(path.join(__dirname, '../../docs/SPEC.md'), 'utf8');
  const section = spec.split('## Write API')[1].split('\n#')[0];
  return [...section.matchAll(/^\| (GET|POST|PUT|PATCH|DELETE) (\S+) \| ([^|]+?) \|/gm)].map(
    ([, method, pattern, who]) => ({ method, pattern, who }),
  );
}

type Fixture = Readonly<{
  users: Record<Exclude<Caller, 'anonymous'>, TestUser>;
  productId: string;
  orderId: string;
}>;

function pathFor(pattern: string, fixture: Fixture, caller: Caller): string {
  const user = caller === 'anonymous' ? fixture.users.customer : fixture.users[caller];
  return pattern
    .replace('{productId}', fixture.productId)
    .replace('{addressId}', user.addressId)
    .replace('{id}', pattern.startsWith('/orders') ? fixture.orderId : fixture.productId);
}

/** Nest's answer for a path no controller serves, as opposed to a resource that is missing. */
function isMissingRoute(response: TestResponse, method: string): boolean {
  return response.status === 404 && String(response.body?.detail).startsWith(`Cannot ${method} `);
}

function outcome(response: TestResponse, method: string): number | 'allowed' | 'route not served' {
  if (isMissingRoute(response, method)) return 'route not served';
  const refused = [401, 403, 404].includes(response.status) || response.status >= 500;
  return refused ? response.status : 'allowed';
}

const routes = writeRoutesOfSpec();

describe('authorization matrix of the write API', () => {
  let api: WriteApiUnderTest;
  let fixture: Fixture;
  let tokens: Record<Caller, string | undefined>;

  beforeAll(async () => {
    api = await startWriteApi();
    const customer = await registerUser(api, ['customer']);
    const otherCustomer = await registerUser(api, ['customer']);
    const admin = await registerUser(api, ['admin']);
    const product = await createProduct(api);
    const orderId = await placeOrder(api, customer, [product]);
    fixture = { users: { customer, otherCustomer, admin }, productId: product.productId, orderId };
    tokens = {
      anonymous: undefined,
      customer: customer.token,
      otherCustomer: otherCustomer.token,
      admin: admin.token,
    };
  });
  afterAll(() => api.close());

  it('covers the 21 write routes of the SPEC, each with a known "who"', () => {
    expect(routes).toHaveLength(21);
    expect(routes.filter((route) => !EXPECTED_BY_WHO[route.who])).toEqual([]);
  });

  it.each(routes.map((route) => [route.method, route.pattern, route.who] as const))(
    '%s %s (%s)',
    async (method, pattern, who) => {
      const key = `${method} ${pattern}`;
      const body = key in BODIES ? BODIES[key] : PROBE;
      const actual: Record<string, number | string> = {};
      // One caller after the other: the order routes share one order.
      for (const caller of CALLERS) {
        const response = await api.request(method, pathFor(pattern, fixture, caller), {
          token: tokens[caller],
          body,
        });
        actual[caller] = outcome(response, method);
      }
      expect(actual).toEqual(EXPECTED_BY_WHO[who]);
    },
  );

  it('left the order of the order routes untouched', async () => {
    const stream = await api.eventStore.readStream(`order-${fixture.orderId}`);
    expect(stream.map((event) => event.type)).toEqual(['OrderPlaced']);
  });
});

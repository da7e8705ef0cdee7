import { type TestResponse } from '../e2e/write-api.testing';
import { type Apis, expectStatus } from '../saga/shop-client.testing';
import { type AnalyticsBounds, windowQuery } from './story-analytics.testing';

/**
 * A read as a client that just wrote: it hands the write's position back in X-Min-Position, and
 * the read API must answer once its projections have caught up with it (X-Consistent: true).
 * The longest wait the contract allows, so a loaded machine does not make the answer stale.
 */
export async function readAfter(
  apis: Apis,
  path: string,
  token: string,
  position: string,
): Promise<TestResponse['body']> {
  const response = expectStatus(
    await apis.read('GET', path, {
      token,
      headers: { 'x-min-position': position, 'x-wait-timeout-ms': '30000' },
    }),
    200,
  );
  expect(response.headers.get('x-consistent')).toBe('true');
  return response.body;
}

/** The bearer tokens of the story's three people. */
export type StoryTokens = Readonly<{ admin: string; ann: string; bob: string }>;

export type StoryIds = Readonly<{ products: readonly string[]; orders: readonly string[] }>;

/**
 * Every answer of the read API the story can ask for, keyed by who asked what: the catalog with
 * its searches, each order as its owner and as the admin sees it, the order lists, each person's
 * profile, the inventory, the notifications, the analytics and the projections. Only what must
 * differ after a rebuild is left out: the projections' positions and update times.
 */
export async function everyReadAnswer(
  apis: Apis,
  tokens: StoryTokens,
  ids: StoryIds,
  bounds: AnalyticsBounds,
): Promise<Record<string, unknown>> {
  const window = windowQuery(bounds);
  const reads: [string, string, string][] = [
    ['anyone', '/products?limit=100&sort=name', ''],
    ['anyone', '/products?q=teapot', ''],
    ['anyone', '/products?q=stoneware', ''],
    ['anyone', '/products?category=garden&inStock=true', ''],
    ['anyone', '/categories', ''],
    ...ids.products.map((id): [string, string, string] => ['anyone', `/products/${id}`, '']),
    ...ids.orders.flatMap((id): [string, string, string][] => [
      ['ann', `/orders/${id}`, tokens.ann],
      ['bob', `/orders/${id}`, tokens.bob],
      ['admin', `/orders/${id}`, tokens.admin],
    ]),
    ['ann', '/orders?limit=100', tokens.ann],
    ['bob', '/orders?limit=100', tokens.bob],
    ['admin', '/orders?limit=100', tokens.admin],
    ['admin', '/orders?status=expired', tokens.admin],
    ['ann', '/users/me', tokens.ann],
    ['bob', '/users/me', tokens.bob],
    ['admin', '/users/me', tokens.admin],
    ['admin', '/inventory', tokens.admin],
    ['admin', '/inventory?lowStock=true', tokens.admin],
    ...ids.products.map((id): [string, string, string] => [
      'admin',
      `/inventory/${id}`,
      tokens.admin,
    ]),
    ['ann', '/notifications?limit=100', tokens.ann],
    ['bob', '/notifications?limit=100', tokens.bob],
    ['admin', '/notifications?limit=100', tokens.admin],
    ['admin', `/analytics/summary?${window}`, tokens.admin],
    ['admin', `/analytics/sales?${window}&granularity=day`, tokens.admin],
    ['admin', `/analytics/top-products?${window}`, tokens.admin],
  ];
  const answers: Record<string, unknown> = {};
  for (const [who, path, token] of reads) {
    const response = await apis.read('GET', path, token ? { token } : {});
    answers[`${who} GET ${path}`] = { status: response.status, body: response.body };
  }
  const projections = expectStatus(
    await apis.read('GET', '/projections', { token: tokens.admin }),
    200,
  ).body as Record<string, unknown>[];
  answers['admin GET /projections'] = projections.map(
    ({ position: _position, headPosition: _head, updatedAt: _updatedAt, ...stable }) => stable,
  );
  return answers;
}

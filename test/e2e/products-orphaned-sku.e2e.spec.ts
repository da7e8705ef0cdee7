import { randomUUID } from 'node:crypto';
import { streamName as productStream } from '../../domain/product';
import { streamName as claimStream } from '../../domain/uniqueness';
import { storedMetadata } from './accounts.testing';
import { problemType, productBody, streamOf, uniqueSku } from './catalog.testing';
import { accessTokenFor } from './tokens.testing';
import { startWriteApi, type WriteApiUnderTest } from './write-api.testing';

/**
 * A product creation that crashed between its SKU claim and its product append leaves a claim
 * whose product never appears. Like an email's, such a claim is taken over once it is older than
 * the grace period (30 s), so the SKU does not stay blocked for good (domain/uniqueness).
 */
describe('write API: an orphaned SKU claim', () => {
  let api: WriteApiUnderTest;
  let admin: string;

  beforeAll(async () => {
    api = await startWriteApi();
    admin = await accessTokenFor(api, { roles: ['admin'] });
  });
  afterAll(() => api.close());

  /** A KeyClaimed appended directly, as if its creation died before the product append. */
  async function leaveClaim(sku: string, ownerId: string, ageMs: number): Promise<string> {
    const stream = claimStream('sku', sku);
    const claimedAt = new Date(Date.now() - ageMs).toISOString();
    await api.eventStore.append(
      stream,
      [
        {
          eventId: randomUUID(),
          type: 'KeyClaimed',
          data: { key: sku, ownerId, claimedAt },
          metadata: storedMetadata(claimedAt),
        },
      ],
      'no-stream',
    );
    return stream;
  }

  const create = (sku: string) =>
    api.request('POST', '/products', { token: admin, body: productBody({ sku }) });

  it('is taken over once past the grace period', async () => {
    const sku = uniqueSku();
    const stream = await leaveClaim(sku, 'crashed-product', 60_000);

    const response = await create(sku);

    expect(response.status).toBe(201);
    const { events } = await streamOf(api, stream);
    expect(events.map((e) => [e.type, e.data.ownerId])).toEqual([
      ['KeyClaimed', 'crashed-product'],
      ['KeyReleased', 'crashed-product'],
      ['KeyClaimed', response.body.productId],
    ]);
  });

  it('still answers 409 while the claim is younger than the grace period', async () => {
    const sku = uniqueSku();
    const stream = await leaveClaim(sku, 'slow-product', 1_000);

    const response = await create(sku);

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      type: problemType('conflict'),
      detail: `SKU ${sku} is already taken`,
    });
    expect((await streamOf(api, stream)).events.map((e) => e.type)).toEqual(['KeyClaimed']);
  });

  it('is never taken over from a product that exists, however old the claim', async () => {
    const sku = uniqueSku();
    const ownerId = randomUUID();
    const stream = await leaveClaim(sku, ownerId, 3_600_000);
    const createdAt = new Date().toISOString();
    await api.eventStore.append(
      productStream(ownerId),
      [
        {
          eventId: randomUUID(),
          type: 'ProductCreated',
          // A v1 creation, as products created before the opening stock was recorded were.
          data: {
            productId: ownerId,
            sku,
            name: 'Old',
            description: '',
            category: 'Home',
            priceCents: 100,
            createdAt,
          },
          metadata: storedMetadata(createdAt),
        },
      ],
      'no-stream',
    );

    const response = await create(sku);

    expect(response.status).toBe(409);
    expect((await streamOf(api, stream)).events.map((e) => e.type)).toEqual(['KeyClaimed']);
  });
});

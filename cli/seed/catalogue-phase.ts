import { type PlannedProduct } from './demo-plan';
import { mapLimited } from './limited';
import { pollUntil } from './poll';
import { DECISION_TIMEOUT_MS, type SeedContext } from './seed-context';

export type CreatedProduct = Readonly<{ productId: string; planned: PlannedProduct }>;

/**
 * Creates the products as the admin, then waits until each one's stock record is open (the
 * inventory-opening process manager does that just after ProductCreated) and shows in the read
 * API, so orders placed next find stock to reserve.
 */
export async function createCatalogue(
  context: SeedContext,
  products: readonly PlannedProduct[],
): Promise<CreatedProduct[]> {
  const { write, read, admin, progress } = context;
  progress.start('creating products', 'products', products.length);
  const created = await mapLimited(products, context.concurrency, async (planned) => {
    const { body } = await write.call<{ productId: string }>({
      method: 'POST',
      path: '/products',
      token: await admin.token(),
      body: planned,
    });
    progress.advance();
    return { productId: body.productId, planned };
  });

  progress.start('opening stock records', 'products', created.length);
  await mapLimited(created, context.concurrency, async ({ productId, planned }) => {
    await pollUntil(
      `the stock record of ${planned.sku}`,
      async () => {
        const answer = await read.call<{ onHand?: number }>({
          method: 'GET',
          path: `/inventory/${productId}`,
          token: await admin.token(),
          accept: [200, 404],
        });
        return answer.status === 200 ? answer.body : undefined;
      },
      DECISION_TIMEOUT_MS,
    );
    progress.advance();
  });
  return created;
}

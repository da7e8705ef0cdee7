import { type Apis, expectStatus, newProduct } from '../saga/shop-client.testing';

/**
 * The story's three products, in two categories. The quantities are chosen so that exactly one
 * of them (the teapot) falls to its low-stock threshold, once, over the whole story:
 * - mug: 20 on hand, threshold 5; at most 3 are ever held, so it never runs low;
 * - teapot: 3 on hand, threshold 1; too few for the rejected order of 5, and Bob's 2 leave 1;
 * - trowel: 6 on hand, 4 more received, threshold 2; at most 3 are ever held.
 */
export const CATALOG = {
  mug: {
    name: 'Stoneware mug',
    description: 'Glazed stoneware mug for coffee, dishwasher safe',
    category: 'kitchen',
    priceCents: 1500,
    stock: 20,
    lowStockThreshold: 5,
  },
  teapot: {
    name: 'Cast iron teapot',
    description: 'Heavy cast iron teapot that keeps a brew warm for an hour',
    category: 'kitchen',
    priceCents: 4000,
    stock: 3,
    lowStockThreshold: 1,
  },
  trowel: {
    name: 'Garden trowel',
    description: 'Steel trowel with an ash handle, for planting bulbs',
    category: 'garden',
    priceCents: 900,
    stock: 6,
    lowStockThreshold: 2,
  },
} as const;

export const TROWELS_RECEIVED = 4;

export type StoryProduct = Readonly<{ productId: string; sku: string; name: string }>;

export type StoryProducts = Readonly<Record<keyof typeof CATALOG, StoryProduct>>;

/** Creates the catalog as an admin does, over the write API, and reads back each SKU. */
export async function createCatalog(apis: Apis, adminToken: string): Promise<StoryProducts> {
  const created = await Promise.all(
    Object.entries(CATALOG).map(async ([key, product]) => {
      const productId = await newProduct(apis, adminToken, product);
      const shown = expectStatus(await apis.read('GET', `/products/${productId}`), 200).body;
      return [key, { productId, sku: shown.sku as string, name: product.name }] as const;
    }),
  );
  return Object.fromEntries(created) as StoryProducts;
}

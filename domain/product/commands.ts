import { type Command } from '../shared/decider';

/**
 * A new product with its opening stock: `initialStock` (default 0) and `lowStockThreshold`
 * (default: inventory's `defaultLowStockThreshold` of the initial stock), the values its stock
 * record is opened with.
 */
export type CreateProduct = Command<
  'CreateProduct',
  {
    productId: string;
    sku: string;
    name: string;
    description?: string;
    category: string;
    priceCents: number;
    initialStock?: number;
    lowStockThreshold?: number;
    now: string;
  }
>;

/** PATCH semantics: absent fields stay as they are; at least one must be given. */
export type UpdateProductDetails = Command<
  'UpdateProductDetails',
  { productId: string; name?: string; description?: string; category?: string; now: string }
>;

export type ChangeProductPrice = Command<
  'ChangeProductPrice',
  { productId: string; priceCents: number; now: string }
>;

export type DiscontinueProduct = Command<'DiscontinueProduct', { productId: string; now: string }>;

export type ProductCommand =
  CreateProduct | UpdateProductDetails | ChangeProductPrice | DiscontinueProduct;

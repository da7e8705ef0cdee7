import { type Command } from '../shared/decider';

export type CreateProduct = Command<
  'CreateProduct',
  {
    productId: string;
    sku: string;
    name: string;
    description?: string;
    category: string;
    priceCents: number;
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

import { type Event } from '../shared/decider';
import { type EventSchemas } from '../shared/schema';

export type ProductCreated = Event<
  'ProductCreated',
  {
    productId: string;
    /** Normalised (upper-case). */
    sku: string;
    name: string;
    /** Empty when none was given, so read models never see null. */
    description: string;
    category: string;
    priceCents: number;
    createdAt: string;
  }
>;

/** Carries only the fields that actually changed. */
export type ProductDetailsUpdated = Event<
  'ProductDetailsUpdated',
  { productId: string; name?: string; description?: string; category?: string; updatedAt: string }
>;

export type ProductPriceChanged = Event<
  'ProductPriceChanged',
  { productId: string; previousPriceCents: number; priceCents: number; changedAt: string }
>;

export type ProductDiscontinued = Event<
  'ProductDiscontinued',
  { productId: string; discontinuedAt: string }
>;

export type ProductEvent =
  ProductCreated | ProductDetailsUpdated | ProductPriceChanged | ProductDiscontinued;

export const productEventSchemas: EventSchemas<ProductEvent['type']> = {
  ProductCreated: { version: 1 },
  ProductDetailsUpdated: { version: 1 },
  ProductPriceChanged: { version: 1 },
  ProductDiscontinued: { version: 1 },
};

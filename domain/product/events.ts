import { type Event } from '../shared/decider';
import { type EventSchemas, type Upcaster } from '../shared/schema';

/**
 * Version 2 adds the opening stock, so whoever opens the product's stock record (inventory's
 * `InitialiseInventory`) needs nothing but this event.
 */
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
    /** Units on hand from the start. */
    initialStock: number;
    /** As requested; absent means inventory's default for the initial stock. */
    lowStockThreshold?: number;
    createdAt: string;
  }
>;

/** The shape written before the opening stock was part of it; still found in old streams. */
export type ProductCreatedV1Data = Omit<
  ProductCreated['data'],
  'initialStock' | 'lowStockThreshold'
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

/**
 * v1 -> v2: a v1 product's stock record was opened by its own event, whose stock this one never
 * knew; 0 on hand and no threshold of its own is what a product created without stock gets.
 */
export const upcastProductCreatedV1: Upcaster = (data) => ({ ...data, initialStock: 0 });

export const productEventSchemas: EventSchemas<ProductEvent['type']> = {
  ProductCreated: { version: 2, upcasters: { 1: upcastProductCreatedV1 } },
  ProductDetailsUpdated: { version: 1 },
  ProductPriceChanged: { version: 1 },
  ProductDiscontinued: { version: 1 },
};

import { assertNever } from '../shared/decider';
import { type ProductEvent } from './events';

export type ProductDetails = {
  productId: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  priceCents: number;
};

export type ProductState =
  | { status: 'absent' }
  | (ProductDetails & { status: 'active' })
  | (ProductDetails & { status: 'discontinued'; discontinuedAt: string });

export const initialState = (): ProductState => ({ status: 'absent' });

export function evolve(state: ProductState, event: ProductEvent): ProductState {
  if (event.type === 'ProductCreated') {
    // The opening stock belongs to the stock record, not to the product's state.
    const { productId, sku, name, description, category, priceCents } = event.data;
    return { status: 'active', productId, sku, name, description, category, priceCents };
  }
  if (state.status === 'absent') return state;

  switch (event.type) {
    case 'ProductDetailsUpdated': {
      const { name, description, category } = event.data;
      return {
        ...state,
        name: name ?? state.name,
        description: description ?? state.description,
        category: category ?? state.category,
      };
    }
    case 'ProductPriceChanged':
      return { ...state, priceCents: event.data.priceCents };
    case 'ProductDiscontinued':
      return { ...state, status: 'discontinued', discontinuedAt: event.data.discontinuedAt };
    default:
      return assertNever(event);
  }
}

import { MAX_QUANTITY } from '../inventory/policies';
import { assertNever } from '../shared/decider';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { FieldErrors, checkInteger, checkOptionalText, checkText } from '../shared/validation';
import {
  type ChangeProductPrice,
  type CreateProduct,
  type DiscontinueProduct,
  type ProductCommand,
  type UpdateProductDetails,
} from './commands';
import { type ProductEvent } from './events';
import {
  CATEGORY_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  MAX_PRICE_CENTS,
  NAME_MAX_LENGTH,
  checkSku,
  normaliseSku,
} from './policies';
import { type ProductDetails, type ProductState } from './state';

export function createProduct({ data }: CreateProduct, state: ProductState): ProductEvent[] {
  if (state.status !== 'absent') {
    throw new IllegalStateError(`product ${state.productId} already exists`);
  }
  new FieldErrors()
    .add('sku', checkSku(data.sku))
    .add('name', checkText(data.name, { max: NAME_MAX_LENGTH }))
    .add('description', checkOptionalText(data.description, DESCRIPTION_MAX_LENGTH))
    .add('category', checkText(data.category, { max: CATEGORY_MAX_LENGTH }))
    .add('priceCents', checkInteger(data.priceCents, 0, MAX_PRICE_CENTS))
    .add('initialStock', checkOptionalStock(data.initialStock))
    .add('lowStockThreshold', checkOptionalStock(data.lowStockThreshold))
    .throwIfAny();
  const { lowStockThreshold } = data;
  return [
    {
      type: 'ProductCreated',
      data: {
        productId: data.productId,
        sku: normaliseSku(data.sku),
        name: data.name.trim(),
        description: data.description?.trim() ?? '',
        category: data.category.trim(),
        priceCents: data.priceCents,
        initialStock: data.initialStock ?? 0,
        ...(lowStockThreshold !== undefined && { lowStockThreshold }),
        createdAt: data.now,
      },
    },
  ];
}

export function updateProductDetails(
  { data }: UpdateProductDetails,
  state: ProductState,
): ProductEvent[] {
  const product = requireActive(state, 'updated');
  const { name, description, category } = data;
  if (name === undefined && description === undefined && category === undefined) {
    throw ValidationError.field('body', 'give at least one of name, description, category');
  }
  new FieldErrors()
    .add('name', name === undefined ? undefined : checkText(name, { max: NAME_MAX_LENGTH }))
    .add('description', checkOptionalText(description, DESCRIPTION_MAX_LENGTH))
    .add(
      'category',
      category === undefined ? undefined : checkText(category, { max: CATEGORY_MAX_LENGTH }),
    )
    .throwIfAny();

  const changes = {
    ...changed('name', name, product.name),
    ...changed('description', description, product.description),
    ...changed('category', category, product.category),
  };
  // Sending the values a product already has changes nothing and records nothing.
  if (Object.keys(changes).length === 0) return [];
  return [
    {
      type: 'ProductDetailsUpdated',
      data: { productId: product.productId, ...changes, updatedAt: data.now },
    },
  ];
}

export function changeProductPrice(
  { data }: ChangeProductPrice,
  state: ProductState,
): ProductEvent[] {
  const product = requireActive(state, 'repriced');
  new FieldErrors()
    .add('priceCents', checkInteger(data.priceCents, 0, MAX_PRICE_CENTS))
    .throwIfAny();
  if (data.priceCents === product.priceCents) return [];
  return [
    {
      type: 'ProductPriceChanged',
      data: {
        productId: product.productId,
        previousPriceCents: product.priceCents,
        priceCents: data.priceCents,
        changedAt: data.now,
      },
    },
  ];
}

export function discontinueProduct(
  { data }: DiscontinueProduct,
  state: ProductState,
): ProductEvent[] {
  if (state.status === 'absent') throw new NotFoundError('product not found');
  if (state.status === 'discontinued') return [];
  return [
    { type: 'ProductDiscontinued', data: { productId: state.productId, discontinuedAt: data.now } },
  ];
}

export function decide(command: ProductCommand, state: ProductState): ProductEvent[] {
  switch (command.type) {
    case 'CreateProduct':
      return createProduct(command, state);
    case 'UpdateProductDetails':
      return updateProductDetails(command, state);
    case 'ChangeProductPrice':
      return changeProductPrice(command, state);
    case 'DiscontinueProduct':
      return discontinueProduct(command, state);
    default:
      return assertNever(command);
  }
}

/** A discontinued product is frozen: its last details stay on record for old orders. */
function requireActive(state: ProductState, verb: string): ProductDetails {
  if (state.status === 'absent') throw new NotFoundError('product not found');
  if (state.status === 'discontinued') {
    throw new IllegalStateError(`product ${state.productId} is discontinued and cannot be ${verb}`);
  }
  return state;
}

/** Stock counts as inventory's InitialiseInventory checks them; absent means its default. */
function checkOptionalStock(value: number | undefined): string | undefined {
  return value === undefined ? undefined : checkInteger(value, 0, MAX_QUANTITY);
}

/** `{ [field]: trimmed }` when the trimmed value differs from the current one, else `{}`. */
function changed<F extends string>(
  field: F,
  next: string | undefined,
  current: string,
): Partial<Record<F, string>> {
  const trimmed = next?.trim();
  return trimmed === undefined || trimmed === current
    ? {}
    : ({ [field]: trimmed } as Record<F, string>);
}

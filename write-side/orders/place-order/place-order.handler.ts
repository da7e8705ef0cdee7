import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type PlaceOrder,
  type PlaceOrderLine,
  type ShippingAddress,
  orderDecider,
  streamName as orderStream,
} from '../../../domain/order';
import {
  type ProductState,
  productDecider,
  streamName as productStream,
} from '../../../domain/product';
import { type FieldError } from '../../../domain/shared/errors';
import { userDecider, streamName as userStream } from '../../../domain/user';
import { type CommandContext } from '../../../platform/commands/command-context';
import { loadAggregate } from '../../../platform/commands/handle-command';
import { type EventStore } from '../../../platform/event-store/port';
import { UnprocessableError } from '../../../platform/http';
import { decision } from '../../shared/execute-decision';
import { EVENT_STORE } from '../../shared/tokens';
import { type OrderPlacedResponse } from '../order-responses';
import { positionOf } from '../../shared/position.response';

export type RequestedLine = Readonly<{ productId: string; quantity: number }>;

/** "Place this order for this customer", before its products and address are resolved. */
export class PlaceOrderRequest extends Command<OrderPlacedResponse> {
  constructor(
    readonly orderId: string,
    readonly customerId: string,
    readonly lines: readonly RequestedLine[],
    readonly shippingAddressId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Resolves what the order refers to from the authoritative streams (each product's current sku,
 * name and price; the customer's own address), snapshots them into PlaceOrder and runs it through
 * the generic decision path. Anything unusable is one 422 naming every offending field.
 */
@CommandHandler(PlaceOrderRequest)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderRequest> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandBus) private readonly commandBus: CommandBus,
  ) {}

  async execute(request: PlaceOrderRequest): Promise<OrderPlacedResponse> {
    const { orderId, customerId, context } = request;
    const [shippingAddress, products] = await Promise.all([
      this.addressOf(customerId, request.shippingAddressId),
      Promise.all(request.lines.map(({ productId }) => this.productState(productId))),
    ]);

    const errors: FieldError[] = [];
    if (!shippingAddress) {
      errors.push({ field: 'shippingAddressId', message: 'is not one of your addresses' });
    }
    const lines: PlaceOrderLine[] = [];
    request.lines.forEach(({ productId, quantity }, i) => {
      const product = products[i];
      if (product.status === 'active') {
        const { sku, name, priceCents } = product;
        lines.push({ productId, sku, name, unitPriceCents: priceCents, quantity });
      } else {
        const message = product.status === 'absent' ? 'unknown product' : 'product is discontinued';
        errors.push({ field: `lines[${i}].productId`, message });
      }
    });
    if (!shippingAddress || errors.length > 0) {
      throw new UnprocessableError(
        errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        errors,
      );
    }

    const command: PlaceOrder = {
      type: 'PlaceOrder',
      data: { orderId, customerId, lines, shippingAddress, now: context.now },
    };
    const outcome = await this.commandBus.execute(
      // The order id was generated for this request: no stream to read.
      decision(orderDecider, orderStream(orderId), command, context, { freshStream: true }),
    );
    return { orderId, status: 'pending', position: positionOf(outcome) };
  }

  /** Only the caller's own addresses count: another user's addressId is as unknown as a typo. */
  private async addressOf(
    customerId: string,
    addressId: string,
  ): Promise<ShippingAddress | undefined> {
    const { state } = await loadAggregate(this.store, userDecider, userStream(customerId));
    return state.status === 'registered' ? state.addresses.get(addressId) : undefined;
  }

  private async productState(productId: string): Promise<ProductState> {
    return (await loadAggregate(this.store, productDecider, productStream(productId))).state;
  }
}

import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type PlaceOrder,
  type PlaceOrderLine,
  type ShippingAddress,
  orderDecider,
  streamName as orderStream,
} from '../../../domain/order';
import { productDecider, streamName as productStream } from '../../../domain/product';
import { userDecider, streamName as userStream } from '../../../domain/user';
import { type CommandContext } from '../../../platform/commands/command-context';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { loadAggregate } from '../../../platform/commands/handle-command';
import { positionOf } from '../../shared/position.response';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { type OrderPlacedResponse } from '../order-responses';

export type RequestedLine = Readonly<{ productId: string; quantity: number }>;

/** "Place this order for this customer", before its products and address are looked up. */
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
 * Looks up what the order refers to in the authoritative streams (each product as the catalog
 * has it now; the customer's own address) and puts it into PlaceOrder. Whether those can be
 * ordered is the order decider's rule: an unknown or discontinued product, or an address the
 * customer does not have, is one 422 naming every such field.
 */
@CommandHandler(PlaceOrderRequest)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderRequest> {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  async execute(request: PlaceOrderRequest): Promise<OrderPlacedResponse> {
    const { orderId, customerId, context } = request;
    const [shippingAddress, lines] = await Promise.all([
      this.addressOf(customerId, request.shippingAddressId),
      Promise.all(request.lines.map((line) => this.lineOf(line))),
    ]);
    const command: PlaceOrder = {
      type: 'PlaceOrder',
      data: { orderId, customerId, lines, shippingAddress, now: context.now },
    };
    // The order id was generated for this request: no stream to read.
    const outcome = await this.runner.run(orderDecider, orderStream(orderId), command, context, {
      freshStream: true,
    });
    return { orderId, status: 'pending', position: positionOf(outcome) };
  }

  /** Only the caller's own addresses count: another user's addressId is as unknown as a typo. */
  private async addressOf(customerId: string, addressId: string): Promise<ShippingAddress | null> {
    const { state } = await loadAggregate(this.runner.store, userDecider, userStream(customerId));
    if (state.status !== 'registered') return null;
    return state.addresses.get(addressId) ?? null;
  }

  private async lineOf({ productId, quantity }: RequestedLine): Promise<PlaceOrderLine> {
    const { state } = await loadAggregate(
      this.runner.store,
      productDecider,
      productStream(productId),
    );
    if (state.status === 'absent') return { productId, quantity, productStatus: 'unknown' };
    const { status, sku, name, priceCents } = state;
    return { productId, quantity, productStatus: status, sku, name, unitPriceCents: priceCents };
  }
}

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
import { foldRecorded } from '../../../platform/commands/handle-command';
import { type RecordedEvent } from '../../../platform/event-store/port';
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
    // The customer and every product in one read: one round trip however many lines.
    const customer = userStream(customerId);
    const streams = await this.runner.store.readStreams([
      customer,
      ...request.lines.map((line) => productStream(line.productId)),
    ]);
    const eventsOf = (stream: string) => streams.get(stream) ?? [];
    const command: PlaceOrder = {
      type: 'PlaceOrder',
      data: {
        orderId,
        customerId,
        lines: request.lines.map((line) => lineOf(line, eventsOf(productStream(line.productId)))),
        shippingAddress: addressOf(eventsOf(customer), request.shippingAddressId),
        now: context.now,
      },
    };
    // The order id was generated for this request: no stream to read.
    const outcome = await this.runner.run(orderDecider, orderStream(orderId), command, context, {
      freshStream: true,
    });
    return { orderId, status: 'pending', position: positionOf(outcome) };
  }
}

/** Only the caller's own addresses count: another user's addressId is as unknown as a typo. */
function addressOf(
  customerEvents: readonly RecordedEvent[],
  addressId: string,
): ShippingAddress | null {
  const { state } = foldRecorded(userDecider, customerEvents);
  if (state.status !== 'registered') return null;
  return state.addresses.get(addressId) ?? null;
}

function lineOf(
  { productId, quantity }: RequestedLine,
  productEvents: readonly RecordedEvent[],
): PlaceOrderLine {
  const { state } = foldRecorded(productDecider, productEvents);
  if (state.status === 'absent') return { productId, quantity, productStatus: 'unknown' };
  const { status, sku, name, priceCents } = state;
  return { productId, quantity, productStatus: status, sku, name, unitPriceCents: priceCents };
}

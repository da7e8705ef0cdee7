import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type PayOrder, orderDecider, streamName } from '../../../domain/order';
import { type Principal } from '../../../platform/auth/principal';
import { type CommandContext } from '../../../platform/commands/command-context';
import { type EventStore } from '../../../platform/event-store/port';
import { ForbiddenError } from '../../../platform/http';
import { decision } from '../../shared/execute-decision';
import { EVENT_STORE } from '../../shared/tokens';
import { loadOrderFor } from '../order-access';
import { type OrderStatusResponse } from '../order-responses';
import { positionOf } from '../../shared/position.response';

export class PayOrderRequest extends Command<OrderStatusResponse> {
  constructor(
    readonly orderId: string,
    readonly paymentReference: string,
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Only the customer who placed the order pays it; the decider checks it is confirmed (409). */
@CommandHandler(PayOrderRequest)
export class PayOrderHandler implements ICommandHandler<PayOrderRequest> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandBus) private readonly commandBus: CommandBus,
  ) {}

  async execute(request: PayOrderRequest): Promise<OrderStatusResponse> {
    const { orderId, paymentReference, principal, context } = request;
    const { caller } = await loadOrderFor(this.store, orderId, principal);
    // An admin sees every order, so hiding it would be pointless: the refusal is about who pays.
    if (caller !== 'owner') {
      throw new ForbiddenError('only the customer who placed an order can pay it');
    }
    const command: PayOrder = {
      type: 'PayOrder',
      data: { orderId, paymentReference, now: context.now },
    };
    const outcome = await this.commandBus.execute(
      decision(orderDecider, streamName(orderId), command, context),
    );
    return { status: 'paid', position: positionOf(outcome) };
  }
}

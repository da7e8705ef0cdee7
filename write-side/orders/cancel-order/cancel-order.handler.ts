import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CancelOrder, orderDecider, streamName } from '../../../domain/order';
import { type Principal } from '../../../platform/auth/principal';
import { type CommandContext } from '../../../platform/commands/command-context';
import { type EventStore } from '../../../platform/event-store/port';
import { decision } from '../../shared/execute-decision';
import { EVENT_STORE } from '../../shared/tokens';
import { loadOrderFor } from '../order-access';
import { type OrderStatusResponse } from '../order-responses';
import { positionOf } from '../../shared/position.response';

export class CancelOrderRequest extends Command<OrderStatusResponse> {
  constructor(
    readonly orderId: string,
    readonly reason: string | undefined,
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * The owner or an admin cancels; the event records which of them did, so the customer's mail can
 * say so. The decider allows it only from confirmed or paid (409 otherwise, e.g. after shipping).
 */
@CommandHandler(CancelOrderRequest)
export class CancelOrderHandler implements ICommandHandler<CancelOrderRequest> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandBus) private readonly commandBus: CommandBus,
  ) {}

  async execute(request: CancelOrderRequest): Promise<OrderStatusResponse> {
    const { orderId, reason, principal, context } = request;
    const { caller } = await loadOrderFor(this.store, orderId, principal);
    const command: CancelOrder = {
      type: 'CancelOrder',
      data: {
        orderId,
        ...(reason !== undefined && { reason }),
        cancelledBy: caller === 'owner' ? 'customer' : 'admin',
        now: context.now,
      },
    };
    const outcome = await this.commandBus.execute(
      decision(orderDecider, streamName(orderId), command, context),
    );
    return { status: 'cancelled', position: positionOf(outcome) };
  }
}

import { type DomainEvent } from '../../domain/event-schemas';
import { inventoryDecider, streamName as inventoryStream } from '../../domain/inventory';
import { notificationDecider, streamName as notificationStream } from '../../domain/notification';
import { orderDecider, streamName as orderStream } from '../../domain/order';
import { type Command, type Decider } from '../../domain/shared/decider';
import { type TargetCommand } from './process-manager';

/** Where a manager's command goes: its aggregate's decider and stream. */
export type Target = Readonly<{
  decider: Decider<unknown, Command, DomainEvent>;
  streamName: string;
  command: Command;
}>;

/**
 * Routes a command to its aggregate, with `now` set to the moment it runs: the manager decided
 * it from an event's time, but a command that waited (a retry, a deadline) happens later.
 */
export function targetOf(target: TargetCommand, now: string): Target {
  switch (target.aggregate) {
    case 'inventory': {
      const command = withNow(target.command, now);
      return route(inventoryDecider, inventoryStream(command.data.productId), command);
    }
    case 'order': {
      const command = withNow(target.command, now);
      return route(orderDecider, orderStream(command.data.orderId), command);
    }
    case 'notification': {
      const command = withNow(target.command, now);
      return route(notificationDecider, notificationStream(command.data.notificationId), command);
    }
  }
}

function withNow<C extends Command<string, { now: string }>>(command: C, now: string): C {
  return { ...command, data: { ...command.data, now } };
}

function route<S, C extends Command, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  streamName: string,
  command: C,
): Target {
  return {
    decider: decider as unknown as Decider<unknown, Command, DomainEvent>,
    streamName,
    command,
  };
}

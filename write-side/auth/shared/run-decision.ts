import { type DomainEvent } from '../../../domain/event-schemas';
import { type Command, type Decider } from '../../../domain/shared/decider';
import { type CommandContext } from '../../../platform/commands/command-context';
import { type CommandOutcome, handleCommand } from '../../../platform/commands/handle-command';
import { type EventStore } from '../../../platform/event-store/port';

/**
 * "Run this decider's command against this stream" as a plain function, so the account logic
 * shared by the HTTP slices, the admin bootstrap and the CLI does not depend on Nest. Inside the
 * write API it dispatches ExecuteDecision through the CommandBus (with its metrics); elsewhere
 * it is the same generic path, platform's handleCommand, called directly.
 */
export type RunDecision = <State, C extends Command, E extends DomainEvent>(
  decider: Decider<State, C, E>,
  streamName: string,
  command: C,
  context: CommandContext,
) => Promise<CommandOutcome<State, E>>;

export const runDirectly =
  (store: EventStore): RunDecision =>
  (decider, streamName, command, context) =>
    handleCommand(store, decider, streamName, command, context);

import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Counter, type Registry } from 'prom-client';
import { type DomainEvent } from '../../domain/event-schemas';
import { type Command as DomainCommand, type Decider } from '../../domain/shared/decider';
import { type CommandContext } from '../../platform/commands/command-context';
import {
  type CommandOutcome,
  type HandleOptions,
  handleCommand,
} from '../../platform/commands/handle-command';
import { type EventStore } from '../../platform/event-store/port';
import { METRICS_REGISTRY } from '../../platform/http';
import { EVENT_STORE } from './tokens';

/**
 * The one generic command of the write side: "run this decider's command against this stream".
 * Slices build it from a validated DTO; the single handler below loads, decides and appends with
 * the expected revision, retrying a bounded number of times on conflict (then 409).
 */
export class ExecuteDecision<State = unknown, E extends DomainEvent = DomainEvent> extends Command<
  CommandOutcome<State, E>
> {
  constructor(
    readonly decider: Decider<State, DomainCommand, E>,
    readonly streamName: string,
    readonly command: DomainCommand,
    readonly context: CommandContext,
    readonly options: Pick<HandleOptions, 'freshStream'> = {},
  ) {
    super();
  }
}

/** Builds an ExecuteDecision with the decider's own command type checked at the call site. */
export function decision<State, C extends DomainCommand, E extends DomainEvent>(
  decider: Decider<State, C, E>,
  streamName: string,
  command: C,
  context: CommandContext,
  options: Pick<HandleOptions, 'freshStream'> = {},
): ExecuteDecision<State, E> {
  return new ExecuteDecision(
    decider as unknown as Decider<State, DomainCommand, E>,
    streamName,
    command,
    context,
    options,
  );
}

@CommandHandler(ExecuteDecision)
export class ExecuteDecisionHandler implements ICommandHandler<ExecuteDecision> {
  private readonly appended: Counter;
  private readonly conflicts: Counter;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.appended = new Counter({
      name: 'eventstore_appended_events_total',
      help: 'Events appended by command handlers',
      labelNames: ['category'],
      registers: [registry],
    });
    this.conflicts = new Counter({
      name: 'eventstore_append_conflicts_total',
      help: 'Appends refused for a stale expected revision (each retried or answered 409)',
      labelNames: ['category'],
      registers: [registry],
    });
  }

  execute(command: ExecuteDecision): Promise<CommandOutcome<unknown, DomainEvent>> {
    return handleCommand(
      this.store,
      command.decider,
      command.streamName,
      command.command,
      command.context,
      {
        ...command.options,
        onAppend: (stream, count) => this.appended.inc({ category: categoryOf(stream) }, count),
        onConflict: (stream) => this.conflicts.inc({ category: categoryOf(stream) }),
      },
    );
  }
}

/** `order-123` -> `order`: a bounded label, never the stream id itself. */
function categoryOf(streamName: string): string {
  const dash = streamName.indexOf('-');
  const category = dash < 0 ? streamName : streamName.slice(0, dash);
  return category === 'unique' ? streamName.split('-').slice(0, 2).join('-') : category;
}

import { Counter, Histogram, type Registry } from 'prom-client';
import { type DomainEvent } from '../../domain/event-schemas';
import { type Command, type Decider } from '../../domain/shared/decider';
import { type EventStore } from '../event-store/port';
import { type CommandContext } from './command-context';
import { type CommandOutcome, type HandleOptions, handleCommand } from './handle-command';

export type RunOptions<State = unknown> = Pick<
  HandleOptions<State>,
  'freshStream' | 'eventIdSeed' | 'loaded'
>;

export type CommandRunnerOptions = Readonly<{
  /** Where the runner's counters go; none: not measured (CLI, tests). */
  metrics?: Registry;
  /** Extra attempts after a concurrency conflict, each on freshly read state. */
  maxRetries?: number;
}>;

/**
 * The one way any caller runs a command: the write API's slices, the account logic shared with
 * the CLI, and the process managers. It is Emmett's `CommandHandler`: load the stream, fold it,
 * decide, append with the revision that was read, and on a conflict decide again on fresh state
 * (a bounded number of times, then the ConcurrencyError surfaces as a 409 or a retry). It counts
 * appends, conflicts and durations per stream category.
 */
export class CommandRunner {
  private readonly appended?: Counter;
  private readonly conflicts?: Counter;
  private readonly duration?: Histogram;

  constructor(
    readonly store: EventStore,
    private readonly options: CommandRunnerOptions = {},
  ) {
    const registers = options.metrics ? [options.metrics] : undefined;
    if (!registers) return;
    this.appended = new Counter({
      name: 'eventstore_appended_events_total',
      help: 'Events appended by commands',
      labelNames: ['category'],
      registers,
    });
    this.conflicts = new Counter({
      name: 'eventstore_append_conflicts_total',
      help: 'Appends refused for a stale expected revision (each decided again or surfaced)',
      labelNames: ['category'],
      registers,
    });
    this.duration = new Histogram({
      name: 'command_duration_seconds',
      help: 'Load, decide and append of one command, retries included',
      labelNames: ['category'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
  }

  async run<State, C extends Command, E extends DomainEvent>(
    decider: Decider<State, C, E>,
    streamName: string,
    command: C,
    context: CommandContext,
    options: RunOptions<State> = {},
  ): Promise<CommandOutcome<State, E>> {
    const category = categoryOf(streamName);
    const stop = this.duration?.startTimer({ category });
    try {
      return await handleCommand(this.store, decider, streamName, command, context, {
        ...options,
        maxRetries: this.options.maxRetries,
        onAppend: (_, count) => this.appended?.inc({ category }, count),
        onConflict: () => this.conflicts?.inc({ category }),
      });
    } finally {
      stop?.();
    }
  }
}

/** `order-123` -> `order`, `unique-sku-X` -> `unique-sku`: a bounded label, never an id. */
export function categoryOf(streamName: string): string {
  const dash = streamName.indexOf('-');
  const category = dash < 0 ? streamName : streamName.slice(0, dash);
  return category === 'unique' ? streamName.split('-').slice(0, 2).join('-') : category;
}

import { randomUUID } from 'node:crypto';
import { type DomainEvent } from '../../domain/event-schemas';
import { type Command, type Decider } from '../../domain/shared/decider';
import { ConcurrencyError } from '../../domain/shared/errors';
import { DuplicateEventIdError } from '../event-store/errors';
import {
  type EventStore,
  type ExpectedRevision,
  type Position,
  type RecordedEvent,
} from '../event-store/port';
import { type CommandContext } from './command-context';
import { toDomainEvent, versionedMetadata } from './domain-events';
import { derivedEventId } from './event-ids';

export type CommandOutcome<State, E> = Readonly<{
  /** The events this command appended; empty when the decision was "nothing to do". */
  events: readonly E[];
  /** The aggregate's state after the command. */
  state: State;
  /** Position of the last appended event, or of the stream's last event when none was. */
  position: Position | null;
  /** The stream's revision after the command; null when the stream still does not exist. */
  revision: bigint | null;
  /**
   * True when the command carried an `eventIdSeed` and its events were found in the stream
   * already: an earlier run of the same reaction appended them, so nothing was decided again.
   */
  alreadyAppended: boolean;
}>;

export type HandleOptions<State = unknown> = Readonly<{
  /** Extra attempts after a concurrency conflict before it is surfaced (as a 409). */
  maxRetries?: number;
  /** Called once per conflict, for metrics. */
  onConflict?: (streamName: string) => void;
  /** Called once per successful append, for metrics. */
  onAppend?: (streamName: string, count: number) => void;
  /**
   * The stream's id was just generated (a new order, product, user), so it cannot exist yet:
   * skip the read and append with `no-stream`. Should it exist after all, the conflict sends
   * the command down the normal read-decide-append path.
   */
  freshStream?: boolean;
  /**
   * Makes the command's event ids a function of this seed (derived-id UUIDs), instead of random.
   * A command run again with the same seed (a redelivered saga reaction, a deadline fired twice)
   * finds its first event in the stream and returns `alreadyAppended` without deciding again.
   */
  eventIdSeed?: string;
  /**
   * The stream as the caller already read and folded it (to mint a token from its state, say):
   * the first attempt decides on it instead of reading the stream a second time. A conflict
   * still sends the retry through a fresh read.
   */
  loaded?: LoadedAggregate<State>;
}>;

const DEFAULT_MAX_RETRIES = 3;

/**
 * The one command path every writer shares: load the stream, fold it, decide, append with the
 * expected revision that was read. A conflict means someone else appended in between, so the
 * whole decision is retried on fresh state a bounded number of times.
 */
export async function handleCommand<State, C extends Command, E extends DomainEvent>(
  store: EventStore,
  decider: Decider<State, C, E>,
  streamName: string,
  command: C,
  context: CommandContext,
  options: HandleOptions<State> = {},
): Promise<CommandOutcome<State, E>> {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const seed = options.eventIdSeed;
  const eventId = (index: number) =>
    seed === undefined ? randomUUID() : derivedEventId(seed, index);
  let assumeFresh = options.freshStream === true;
  for (let attempt = 0; ; attempt++) {
    const loaded: LoadedAggregate<State> =
      attempt === 0 && options.loaded
        ? options.loaded
        : assumeFresh
          ? foldRecorded(decider, [])
          : await loadAggregate(store, decider, streamName);
    if (seed !== undefined && loaded.hasEventId(eventId(0))) {
      return { ...outcomeOf(loaded, []), alreadyAppended: true };
    }
    const events = decider.decide(command, loaded.state);
    if (events.length === 0) return { ...outcomeOf(loaded, events), alreadyAppended: false };
    const expected: ExpectedRevision = loaded.revision ?? 'no-stream';
    try {
      const result = await store.append(
        streamName,
        events.map((event, index) => ({
          eventId: eventId(index),
          type: event.type,
          data: event.data,
          metadata: versionedMetadata(event.type, {
            correlationId: context.correlationId,
            causationId: context.causationId ?? context.correlationId,
            userId: context.userId,
            occurredAt: context.now,
          }),
        })),
        expected,
      );
      options.onAppend?.(streamName, events.length);
      return {
        events,
        state: events.reduce(decider.evolve, loaded.state),
        position: result.position,
        revision: result.nextRevision,
        alreadyAppended: false,
      };
    } catch (error) {
      // A seeded append whose ids are stored already lost a race with its own twin: the read
      // below finds them. Anything else with a duplicate id is a caller bug and surfaces.
      const twin = seed !== undefined && error instanceof DuplicateEventIdError;
      if (!(error instanceof ConcurrencyError) && !twin) throw error;
      if (!twin) options.onConflict?.(streamName);
      assumeFresh = false;
      if (attempt >= maxRetries) throw error;
    }
  }
}

function outcomeOf<State, E>(
  loaded: LoadedAggregate<State>,
  events: readonly E[],
): Omit<CommandOutcome<State, E>, 'alreadyAppended'> {
  return { events, state: loaded.state, position: loaded.position, revision: loaded.revision };
}

export type LoadedAggregate<State> = Readonly<{
  state: State;
  revision: bigint | null;
  position: Position | null;
  /**
   * Whether the stream holds this event id, to recognise a seeded command that already ran. A
   * scan on demand, not a set built on every load: most commands never ask, and a long stream
   * (a session rotated thousands of times) should not pay for it.
   */
  hasEventId(eventId: string): boolean;
}>;

/** Folds a stream into state; a missing stream is the decider's initial state at revision null. */
export async function loadAggregate<State, E extends DomainEvent>(
  store: EventStore,
  decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>,
  streamName: string,
): Promise<LoadedAggregate<State>> {
  return foldRecorded(decider, await store.readStream(streamName));
}

/** Folds events already read (all of a stream, or its prefix up to some position). */
export function foldRecorded<State, E extends DomainEvent>(
  decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>,
  recorded: readonly RecordedEvent[],
): LoadedAggregate<State> {
  let state = decider.initialState();
  for (const event of recorded) state = decider.evolve(state, toDomainEvent(event) as E);
  const last = recorded.at(-1);
  return {
    state,
    revision: last?.revision ?? null,
    position: last?.position ?? null,
    hasEventId: (eventId) => recorded.some((event) => event.eventId === eventId),
  };
}

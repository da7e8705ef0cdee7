import { randomUUID } from 'node:crypto';
import { type DomainEvent } from '../../../domain/event-schemas';
import { type Command, type Decider } from '../../../domain/shared/decider';
import { versionedMetadata } from '../../../platform/commands/domain-events';
import {
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
} from '../../../platform/event-store/port';

/** Who caused a decision: copied into the metadata of its events, as handleCommand does. */
export type Cause = Readonly<{
  correlationId: string;
  causationId: string;
  userId: string | null;
  now: string;
}>;

type Held = { state: unknown; version: number };
type Pending = { expected: ExpectedRevision; events: EventToAppend[] };

/**
 * The write side's command path, in memory: this process owns every aggregate while the store
 * is generated, so instead of reading a stream before each command it keeps the stream's state
 * and revision, runs the decider's `decide` on it, folds the events with `evolve`, and queues
 * them for the stream. `flush` appends each stream's queue with the store's own `append` and
 * the exact expected revision (one append per stream, several streams at a time), so the
 * stored events are exactly what handleCommand would have written, in batches.
 */
export class Ledger {
  private readonly held = new Map<string, Held>();
  private pending = new Map<string, Pending>();
  private queued = 0;
  appended = 0;
  appends = 0;
  readonly eventsByType = new Map<string, number>();

  /** Decides `command` on the stream's current state; returns the events with their ids. */
  decide<S, C extends Command, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    stream: string,
    command: C,
    cause: Cause,
  ): { events: E[]; ids: string[]; state: S } {
    let held = this.held.get(stream);
    if (!held) {
      held = { state: decider.initialState(), version: 0 };
      this.held.set(stream, held);
    }
    const events = decider.decide(command, held.state as S);
    if (events.length === 0) return { events, ids: [], state: held.state as S };
    held.state = events.reduce(decider.evolve, held.state as S);
    let pending = this.pending.get(stream);
    if (!pending) {
      pending = {
        expected: held.version === 0 ? 'no-stream' : BigInt(held.version - 1),
        events: [],
      };
      this.pending.set(stream, pending);
    }
    const ids: string[] = [];
    for (const event of events) {
      const eventId = randomUUID();
      ids.push(eventId);
      pending.events.push({
        eventId,
        type: event.type,
        data: event.data,
        metadata: versionedMetadata(event.type, {
          correlationId: cause.correlationId,
          causationId: cause.causationId,
          userId: cause.userId,
          occurredAt: cause.now,
        }),
      });
      this.eventsByType.set(event.type, (this.eventsByType.get(event.type) ?? 0) + 1);
    }
    held.version += events.length;
    this.queued += events.length;
    return { events, ids, state: held.state as S };
  }

  state<S>(stream: string): S | undefined {
    return this.held.get(stream)?.state as S | undefined;
  }

  /**
   * A stream whose aggregate will never be decided on again: its state can go (what is queued
   * for it keeps its own expected revision).
   */
  forget(stream: string): void {
    this.held.delete(stream);
  }

  /** Events decided so far, appended or not. */
  get decided(): number {
    return this.appended + this.queued;
  }

  /**
   * Appends every queued stream, `writers` appends at a time; resolves once all committed, so
   * whatever is decided next lands after them in $all (as a saga reacts to committed events).
   */
  async flush(store: EventStore, writers: number): Promise<void> {
    const batches = [...this.pending];
    this.pending = new Map();
    this.queued = 0;
    let next = 0;
    const writer = async (): Promise<void> => {
      while (next < batches.length) {
        const [stream, { expected, events }] = batches[next++];
        await store.append(stream, events, expected);
        this.appended += events.length;
        this.appends += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(writers, batches.length) }, writer));
  }
}

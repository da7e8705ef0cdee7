/**
 * Errors the event store throws besides the domain's ConcurrencyError (re-exported here so
 * adapters and callers import store errors from one place).
 */
export { ConcurrencyError } from '../../domain/shared/errors';

/**
 * An event id is already stored, but not as a replay of this append (another stream, another
 * order, or only some of the ids). Event ids are global; this is a caller bug, not a race.
 */
export class DuplicateEventIdError extends Error {
  constructor(
    readonly streamName: string,
    readonly eventIds: readonly string[],
  ) {
    super(`stream ${streamName}: event ids already stored elsewhere (${eventIds.join(', ')})`);
    this.name = 'DuplicateEventIdError';
  }
}

/** A position string this store did not produce. */
export class InvalidPositionError extends TypeError {
  constructor(readonly position: string) {
    super(`not a position of this event store: ${JSON.stringify(position)}`);
    this.name = 'InvalidPositionError';
  }
}

/** Appending nothing is a caller bug; EventStoreDB's empty appends have no useful meaning here. */
export class EmptyAppendError extends RangeError {
  constructor(readonly streamName: string) {
    super(`stream ${streamName}: append needs at least one event`);
    this.name = 'EmptyAppendError';
  }
}

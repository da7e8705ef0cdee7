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

/**
 * Stored transaction ids at or above the server's next one: the events were restored (pg_dump)
 * into a cluster whose counter is behind the old one's. Readers only take rows below the oldest
 * running transaction id, so every new event would sort before the restored ones and no
 * subscriber would see it. docs/EVENT-STORE.md ("Restoring into another cluster") has the way out.
 */
export class TransactionIdsAheadError extends Error {
  constructor(
    readonly highestStored: bigint,
    readonly serverNext: bigint,
  ) {
    const epoch = highestStored / 2n ** 32n + 1n;
    super(
      `stored transaction ids reach ${highestStored}, at or above this server's next one ` +
        `(${serverNext}): were the events restored into another cluster? New events would reach ` +
        `no subscriber. Stop the server and raise its transaction id epoch to ${epoch} ` +
        `(pg_resetwal -e ${epoch}); see docs/EVENT-STORE.md, "Restoring into another cluster"`,
    );
    this.name = 'TransactionIdsAheadError';
  }
}

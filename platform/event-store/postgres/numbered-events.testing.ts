import { newEvent } from '../contract/contract-helpers';
import { encodePosition } from '../position-codec';
import { type Position, type RecordedEvent } from '../port';

/** The position of the `seq`th event of an in-memory $all, for the live-subscription specs. */
export const numberedPosition = (seq: number): Position =>
  encodePosition({ high: 1n, low: BigInt(seq) });

/** The `seq`th event of an in-memory $all, carrying `seq` in its data. */
export function numberedEvent(seq: number): RecordedEvent {
  const event = newEvent('Numbered', { seq });
  return {
    ...event,
    data: { seq },
    streamName: 's',
    revision: BigInt(seq),
    position: numberedPosition(seq),
  };
}

export const seqs = (events: readonly RecordedEvent[]): unknown[] => events.map((e) => e.data.seq);

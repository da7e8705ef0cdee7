import { type EventToAppend } from '../../platform/event-store';

export const SUBJECTS = ['ours', 'emmett', 'ceiling'] as const;
export type SubjectName = (typeof SUBJECTS)[number];

/** The few operations the workloads need, mapped onto each store's own API. */
export interface StoreUnderTest {
  /**
   * Appends to a stream that holds `version` events so far (0: a new stream), checked against
   * exactly that expectation where the store checks anything.
   */
  append(stream: string, events: readonly EventToAppend[], version: number): Promise<void>;

  /** A reader over $all from its start, in batches of `batchSize`. */
  allReader(batchSize: number): AllReader;

  /**
   * Starts a live subscriber on a second store instance with its own pool, from the current end
   * of $all. Null when the store has no live mechanism.
   */
  subscribe(onEvent: (eventId: string) => void): Promise<LiveSubscriber | null>;

  close(): Promise<void>;
}

/** Each call reads on from where the previous one stopped. */
export type AllReader = Readonly<{
  /** Reads up to `maxCount` more events; fewer means $all ended. Resolves to the count read. */
  read(maxCount: number): Promise<number>;
}>;

export type LiveSubscriber = Readonly<{ stop(): Promise<void> }>;

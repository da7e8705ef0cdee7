/** Timings of the in-process bus's consumers. */
export type InProcessBusSettings = Readonly<{
  /**
   * How often an idle consumer looks for messages published by another process (a publish in
   * this process wakes it at once).
   */
  pollIntervalMs: number;
  /**
   * A member holding a topic that neither handles a message nor renews for this long loses it
   * to another member of its group (Kafka's session timeout).
   */
  sessionTimeoutMs: number;
  /** Messages read per query. */
  batchSize: number;
}>;

export const DEFAULT_IN_PROCESS_BUS_SETTINGS: InProcessBusSettings = {
  pollIntervalMs: 500,
  sessionTimeoutMs: 30_000,
  batchSize: 100,
};

/** Who and what caused a command: copied into every event's metadata. */
export type CommandContext = Readonly<{
  correlationId: string;
  /** The id of the event or request that caused this command; defaults to the correlation id. */
  causationId?: string;
  /** The acting user, or null for the system (sagas, expiry). */
  userId: string | null;
  /** ISO time the command was issued; the same value the command's `now` carries. */
  now: string;
}>;

/**
 * The shape of every aggregate: pure functions from (command, state) to events and from
 * (state, event) to state. Time and ids arrive inside commands, never from the clock.
 */
export type Event<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

export type Command<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

export type Decider<State, C extends Command, E extends Event> = {
  decide: (command: C, state: State) => E[];
  evolve: (state: State, event: E) => State;
  initialState: () => State;
};

/** Folds a stream's events into state. */
export function fold<State, E extends Event>(
  decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>,
  events: readonly E[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}

/** Exhaustiveness guard for `switch` over a union: a new case that is not handled fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

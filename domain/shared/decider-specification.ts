import { type Command, type Decider, type Event, fold } from './decider';

/**
 * Given / when / then for deciders, after Emmett's `DeciderSpecification`. It stays free of any
 * test framework: a failed expectation throws an Error whose message shows both sides, which
 * every runner reports as a failure.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ErrorClass<E extends Error> = abstract new (...args: any[]) => E;
type ErrorMatcher<E extends Error> = string | RegExp | ((error: E) => boolean);

export function specFor<State, C extends Command, E extends Event>(decider: Decider<State, C, E>) {
  return (given: readonly E[]) => ({
    when: (command: C) => {
      const run = (): E[] => decider.decide(command, fold(decider, given));
      return {
        then(expected: readonly E[]): void {
          const actual = run();
          if (!deepEqual(actual, expected)) {
            throw new Error(`expected events ${show(expected)}\nbut got ${show(actual)}`);
          }
        },
        thenNothingHappens(): void {
          this.then([]);
        },
        thenThrows<Err extends Error>(
          errorClass: ErrorClass<Err>,
          matcher?: ErrorMatcher<Err>,
        ): Err {
          let events: E[];
          try {
            events = run();
          } catch (error) {
            if (!(error instanceof errorClass)) {
              throw new Error(`expected ${errorClass.name} but got ${describeThrown(error)}`);
            }
            if (matcher !== undefined && !matches(error, matcher)) {
              throw new Error(
                `${errorClass.name} "${error.message}" does not match ${String(matcher)}`,
              );
            }
            return error;
          }
          throw new Error(`expected ${errorClass.name} but the decider returned ${show(events)}`);
        },
      };
    },
  });
}

function matches<E extends Error>(error: E, matcher: ErrorMatcher<E>): boolean {
  if (typeof matcher === 'string') return error.message === matcher;
  if (matcher instanceof RegExp) return matcher.test(error.message);
  return matcher(error);
}

function describeThrown(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function show(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** Structural equality with jest's `toEqual` semantics: keys whose value is undefined are ignored. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every((key) => deepEqual(left[key], right[key]));
}

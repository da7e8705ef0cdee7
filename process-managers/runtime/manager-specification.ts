import { type DomainEvent } from '../../domain/event-schemas';
import { deepEqual } from '../../domain/shared/decider-specification';
import {
  type Lookups,
  type ManagerInput,
  type ManagerOutput,
  type ProcessManager,
} from './process-manager';

/**
 * Given / when / then for process managers, like the deciders' `specFor`: the given inputs are
 * folded with `evolve`, the `when` input goes to `decide`. Framework-free: a failed expectation
 * throws with both sides shown.
 */
export function specForManager<State>(manager: ProcessManager<State>) {
  return (given: readonly ManagerInput[]) => {
    const state = () => given.reduce(manager.evolve, manager.initialState());
    return {
      state,
      when: (input: ManagerInput, lookups: Lookups = {}) => {
        const outputs = () => manager.decide(input, state(), lookups);
        return {
          then(expected: readonly ManagerOutput[]): void {
            const actual = outputs();
            if (!deepEqual(actual, expected)) {
              throw new Error(`expected outputs ${show(expected)}\nbut got ${show(actual)}`);
            }
          },
          thenNothingHappens(): void {
            this.then([]);
          },
          outputs,
          stateAfter: () => manager.evolve(state(), input),
        };
      },
    };
  };
}

let sequence = 0;

/** An event as a manager receives it; ids and positions default to fresh increasing ones. */
export function inputOf<E extends DomainEvent>(
  event: E,
  overrides: Partial<Omit<ManagerInput<E>, 'event'>> = {},
): ManagerInput<E> {
  sequence++;
  return {
    event,
    eventId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    streamName: 'test-stream',
    position: String(sequence).padStart(20, '0'),
    occurredAt: '2025-05-01T10:00:00.000Z',
    correlationId: 'corr-1',
    ...overrides,
  };
}

function show(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

import { type Command, type Decider, type Event } from './decider';
import { deepEqual, specFor } from './decider-specification';
import { IllegalStateError, NotFoundError } from './errors';

type Counted = Event<'Counted', { by: number; note?: string }>;
type Count = Command<'Count', { by: number }>;

const counter: Decider<number, Count, Counted> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.by,
  decide: ({ data }, total) => {
    if (total + data.by > 10) throw new IllegalStateError(`total ${total} would pass 10`);
    return [{ type: 'Counted', data: { by: data.by } }];
  },
};
const given = specFor(counter);
const counted = (by: number): Counted => ({ type: 'Counted', data: { by } });

describe('specFor', () => {
  it('passes when the decided events equal the expected ones', () => {
    expect(() =>
      given([counted(2)])
        .when({ type: 'Count', data: { by: 3 } })
        .then([counted(3)]),
    ).not.toThrow();
  });

  it('fails when the events differ', () => {
    expect(() =>
      given([])
        .when({ type: 'Count', data: { by: 3 } })
        .then([counted(4)]),
    ).toThrow(/expected events/);
  });

  it('fails when an event was expected but the decider threw', () => {
    expect(() =>
      given([counted(9)])
        .when({ type: 'Count', data: { by: 3 } })
        .then([]),
    ).toThrow(IllegalStateError);
  });

  it('checks the error class and message', () => {
    const when = given([counted(9)]).when({ type: 'Count', data: { by: 3 } });
    expect(when.thenThrows(IllegalStateError, 'total 9 would pass 10')).toBeInstanceOf(
      IllegalStateError,
    );
    expect(() => when.thenThrows(NotFoundError)).toThrow(
      'expected NotFoundError but got IllegalStateError',
    );
    expect(() => when.thenThrows(IllegalStateError, /other/)).toThrow('does not match');
  });

  it('fails when an error was expected but events were decided', () => {
    expect(() =>
      given([])
        .when({ type: 'Count', data: { by: 1 } })
        .thenThrows(IllegalStateError),
    ).toThrow('expected IllegalStateError but the decider returned');
  });
});

describe('deepEqual', () => {
  it('compares structurally, ignoring undefined keys like toEqual', () => {
    expect(deepEqual({ a: [1, { b: 'x' }], c: undefined }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: '1' })).toBe(false);
    expect(deepEqual([], {})).toBe(false);
  });
});

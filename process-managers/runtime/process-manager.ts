import { type DomainEvent } from '../../domain/event-schemas';
import { type InventoryCommand } from '../../domain/inventory';
import { type NotificationCommand } from '../../domain/notification';
import { type OrderCommand, type OrderState } from '../../domain/order';
import { type ProductState } from '../../domain/product';
import { type UserState } from '../../domain/user';
import { type StreamCategory } from '../../platform/bus/topics';

/** One event as a manager sees it: upcast, with where it sits in `$all`. */
export type ManagerInput<E extends DomainEvent = DomainEvent> = Readonly<{
  event: E;
  eventId: string;
  streamName: string;
  /** Its position in `$all`: lookups read other streams as they stood at this point. */
  position: string;
  /** ISO 8601 UTC: when the domain says it happened. The manager's only clock. */
  occurredAt: string;
  correlationId: string;
}>;

/** A command for one aggregate; the runtime knows each aggregate's decider and stream. */
export type TargetCommand =
  | Readonly<{ aggregate: 'inventory'; command: InventoryCommand }>
  | Readonly<{ aggregate: 'order'; command: OrderCommand }>
  | Readonly<{ aggregate: 'notification'; command: NotificationCommand }>;

/** Work with I/O beyond the event store, done by a handler the runtime is given (the mailer). */
export type Effect = Readonly<{ type: 'send-notification'; notificationId: string }>;

export type Action = Readonly<{ command: TargetCommand }> | Readonly<{ effect: Effect }>;

/**
 * What a reaction asks for. `line` names the output within its instance (`reserve:<productId>`,
 * `expire`): the ids of the events it appends derive from (manager, cause event id, line), so a
 * redelivered cause appends nothing twice, and `cancel` finds a scheduled line by it.
 */
export type ManagerOutput =
  | Readonly<{ type: 'run'; line: string; action: Action; at?: string }>
  | Readonly<{ type: 'cancel'; line: string }>;

/** Other aggregates a reaction reads, each as it stood at the input's position in `$all`. */
export type LookupRequest = Readonly<{ user?: string; product?: string; order?: string }>;
export type Lookups = Readonly<{ user?: UserState; product?: ProductState; order?: OrderState }>;

/**
 * A process manager, after Emmett's workflows: pure functions, no I/O, no clock. The runtime
 * (./manager-runner.ts) feeds it the events of its topics, keeps one state per instance (an
 * order, say) and turns the outputs into scheduled commands, all in one transaction per event.
 *
 * - `instanceOf`: which instance an event belongs to, or null when the manager ignores it;
 * - `decide`: the outputs, from the state before the event;
 * - `evolve`: the state after it. Both see the same input, so given/when/then tests fold
 *   inputs with `evolve` and check what `decide` returns.
 */
export interface ProcessManager<State = unknown> {
  readonly name: string;
  readonly description: string;
  /** Stream categories whose integration topics it consumes. */
  readonly categories: readonly StreamCategory[];
  readonly eventTypes: readonly DomainEvent['type'][];
  instanceOf(input: ManagerInput): string | null;
  initialState(): State;
  /** Which other aggregates `decide` needs; the runtime reads them as of the input's position. */
  lookups?(input: ManagerInput): LookupRequest;
  decide(input: ManagerInput, state: State, lookups: Lookups): ManagerOutput[];
  evolve(state: State, input: ManagerInput): State;
}

/** Narrows an input to events of the given types. */
export function isInputOf<Type extends DomainEvent['type']>(
  input: ManagerInput,
  ...types: Type[]
): input is ManagerInput<Extract<DomainEvent, { type: Type }>> {
  return (types as string[]).includes(input.event.type);
}

export const run = (line: string, action: Action, at?: string): ManagerOutput =>
  at === undefined ? { type: 'run', line, action } : { type: 'run', line, action, at };

export const cancel = (line: string): ManagerOutput => ({ type: 'cancel', line });

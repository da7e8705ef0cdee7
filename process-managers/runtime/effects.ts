import { type Logger } from 'pino';
import { type CommandRunner } from '../../platform/commands/command-runner';
import { type Effect } from './process-manager';

/** What an effect handler gets besides its effect. */
export type EffectContext = Readonly<{
  /** Appends through the one command path; seed the commands (`eventIdSeed`) per attempt. */
  runner: CommandRunner;
  /** The clock, read by the runtime at the moment the effect runs. */
  now: Date;
  /** Of the event whose reaction scheduled this effect; copied into appended events' metadata. */
  correlationId: string;
  causationId: string;
  logger: Logger;
}>;

/**
 * `done`: the effect is finished (or nothing was left to do) and leaves the schedule.
 * `retry`: it failed in a way worth trying again at `at`; the runtime reschedules it.
 */
export type EffectOutcome =
  Readonly<{ status: 'done' }> | Readonly<{ status: 'retry'; at: Date; error: string }>;

/**
 * Performs one effect. It runs at least once per scheduled effect (a worker may die after the
 * work and before the schedule row is deleted), so it must find out from the event store what
 * is already done and not do it again. A throw is treated as a transient failure: retried later.
 */
export type EffectHandler<E extends Effect = Effect> = (
  effect: E,
  context: EffectContext,
) => Promise<EffectOutcome>;

export type EffectHandlers = Readonly<{
  [Type in Effect['type']]: EffectHandler<Extract<Effect, { type: Type }>>;
}>;

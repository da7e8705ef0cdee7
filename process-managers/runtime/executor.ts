import { type Knex } from 'knex';
import { type Logger } from 'pino';
import { DomainError } from '../../domain/shared/errors';
import { type CommandRunner } from '../../platform/commands/command-runner';
import { type EffectHandlers, type EffectOutcome } from './effects';
import { type ManagerMetrics } from './metrics';
import { CLAIM_SECONDS, extendClaim, reschedule, type ScheduledAction } from './schedule';
import { backoffMs } from '../../platform/retry/backoff';
import { targetOf } from './targets';

export type ExecutorDependencies = Readonly<{
  db: Knex;
  runner: CommandRunner;
  effects: EffectHandlers;
  owner: string;
  logger: Logger;
  metrics?: ManagerMetrics;
  /** The clock: tests may pass a later one. */
  now?: () => Date;
  retryInitialMs?: number;
  retryMaxMs?: number;
}>;

/**
 * Every domain refusal is final but two: the command was decided against a state that moved on
 * (an order paid just before its deadline fired: the payment won), so it is dropped, and said so
 * in the log and the metrics. A missing aggregate is usually one still on its way (an order for a
 * product whose stock record a sibling manager is opening) and a concurrency error outlived the
 * runner's own retries: both are retried like transient failures.
 */
const RETRIED: ReadonlySet<DomainError['code']> = new Set(['not-found', 'concurrency']);

export type Executed = 'done' | 'retrying';

/**
 * Runs one claimed schedule row: a command through the command runner, seeded so its event ids
 * derive from (manager, cause, line) — run twice, it appends once — or an effect through its
 * handler. Done or refused: 'done', and the caller deletes the row (with the next claim, in one
 * statement: ./scheduler.ts); until then it is still claimed, and a crash in between runs it
 * again, which appends nothing twice. Failed: it is rescheduled with backoff.
 */
export async function execute(row: ScheduledAction, deps: ExecutorDependencies): Promise<Executed> {
  const clock = deps.now?.() ?? new Date();
  // A deadline fired by a clock a little behind the database's still happens at its time.
  const now = new Date(Math.max(clock.getTime(), row.dueAt.getTime()));
  let outcome: EffectOutcome;
  // The claim must outlive the work, or a second worker would take the row and do it again.
  const renewal = setInterval(
    () => void extendClaim(deps.db, row, deps.owner).catch(() => undefined),
    (CLAIM_SECONDS * 1000) / 3,
  );
  try {
    outcome = await perform(row, now, deps);
  } catch (error) {
    if (error instanceof DomainError && !RETRIED.has(error.code)) {
      deps.metrics?.actionRun(row.manager, 'refused');
      deps.logger.info(
        { manager: row.manager, line: row.line, cause: row.causeEventId, reason: error.message },
        'command refused by its aggregate; dropped',
      );
      return 'done';
    }
    const delay = backoffMs(row.attempts + 1, {
      retryInitialMs: deps.retryInitialMs ?? 100,
      retryMaxMs: deps.retryMaxMs ?? 30_000,
    });
    outcome = { status: 'retry', at: new Date(clock.getTime() + delay), error: describe(error) };
  } finally {
    clearInterval(renewal);
  }
  if (outcome.status === 'done') return 'done';
  deps.metrics?.actionRun(row.manager, 'retrying');
  deps.logger.warn(
    { manager: row.manager, line: row.line, attempt: row.attempts + 1, error: outcome.error },
    'scheduled action failed; retrying later',
  );
  await reschedule(deps.db, row, deps.owner, outcome.at, outcome.error);
  return 'retrying';
}

async function perform(
  row: ScheduledAction,
  now: Date,
  deps: ExecutorDependencies,
): Promise<EffectOutcome> {
  const context = {
    correlationId: row.correlationId,
    causationId: row.causeEventId,
    userId: null,
    now: now.toISOString(),
  };
  if ('command' in row.action) {
    const { decider, streamName, command } = targetOf(row.action.command, context.now);
    const result = await deps.runner.run(decider, streamName, command, context, {
      eventIdSeed: row.seed,
    });
    deps.metrics?.actionRun(
      row.manager,
      result.alreadyAppended ? 'already-appended' : result.events.length > 0 ? 'appended' : 'no-op',
    );
    return { status: 'done' };
  }
  const handler = deps.effects[row.action.effect.type];
  const outcome = await handler(row.action.effect, {
    runner: deps.runner,
    now,
    correlationId: row.correlationId,
    causationId: row.causeEventId,
    logger: deps.logger,
  });
  if (outcome.status === 'done') deps.metrics?.actionRun(row.manager, 'effect-done');
  return outcome;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { type Logger } from 'pino';
import { type Registry } from 'prom-client';
import { type IntegrationBus } from '../../platform/bus/port';
import { CommandRunner } from '../../platform/commands/command-runner';
import { type EventStore } from '../../platform/event-store/port';
import { sleep } from '../../platform/retry/backoff';
import { type EffectHandlers } from './effects';
import { ManagerRunner, type ManagerRunnerSettings } from './manager-runner';
import { createManagerMetrics } from './metrics';
import { type ProcessManager } from './process-manager';
import { Scheduler, type SchedulerSettings } from './scheduler';
import { reportLag } from './status';

export type ProcessManagerWorkerOptions = Readonly<{
  db: Knex;
  store: EventStore;
  bus: IntegrationBus;
  topicPrefix: string;
  managers: readonly ProcessManager<never>[];
  effects: EffectHandlers;
  logger: Logger;
  metrics?: Registry;
  /** Unique per worker process: the owner of its schedule claims. */
  owner?: string;
  settings?: Partial<
    ManagerRunnerSettings &
      SchedulerSettings & {
        lagReportMs: number;
        commandRetryInitialMs: number;
        commandRetryMaxMs: number;
      }
  >;
}>;

export type ProcessManagerWorker = Readonly<{ owner: string; stop(): Promise<void> }>;

/**
 * `shopstream process-managers run`: every manager's consumer, one scheduler for their actions,
 * and a lag report for `process-managers list`. Run several workers and they share each
 * manager's partitions (consumer groups) and its schedule (claims).
 */
export async function startProcessManagerWorker(
  options: ProcessManagerWorkerOptions,
): Promise<ProcessManagerWorker> {
  const owner = options.owner ?? `process-managers-${randomUUID()}`;
  const { db, store, bus, logger } = options;
  const settings = options.settings ?? {};
  const managers = options.managers as readonly ProcessManager[];
  const metrics = options.metrics ? createManagerMetrics(options.metrics, db) : undefined;
  const scheduler = new Scheduler(
    {
      db,
      runner: new CommandRunner(store, { metrics: options.metrics }),
      effects: options.effects,
      owner,
      logger: logger.child({ part: 'schedule' }),
      metrics,
      retryInitialMs: settings.commandRetryInitialMs,
      retryMaxMs: settings.commandRetryMaxMs,
    },
    settings,
  );
  const runners = managers.map(
    (manager) =>
      new ManagerRunner(manager, {
        db,
        store,
        bus,
        topicPrefix: options.topicPrefix,
        logger,
        metrics,
        scheduler,
        settings,
      }),
  );
  await bus.ensureTopics([...new Set(runners.flatMap((runner) => runner.topics))]);

  const stopping = new AbortController();
  const consumers = runners.map((runner) => keepConsuming(runner, stopping.signal, logger));
  scheduler.start();
  const reporting = reportLagEvery(
    settings.lagReportMs ?? 5_000,
    runners,
    options,
    owner,
    stopping.signal,
  );
  logger.info({ owner, managers: managers.map((m) => m.name) }, 'process managers started');

  return {
    owner,
    stop: async () => {
      stopping.abort();
      await Promise.all(runners.map((runner) => runner.stop()));
      await Promise.all(consumers);
      await scheduler.stop();
      await reporting;
    },
  };
}

/** A consumer that crashed (its broker went away, a handler was stopped) starts again. */
async function keepConsuming(runner: ManagerRunner, stopping: AbortSignal, logger: Logger) {
  for (let crashes = 0; !stopping.aborted;) {
    const crashed = new Promise<unknown>((resolve) => {
      runner.start(resolve).catch(resolve);
    });
    const error = await Promise.race([crashed, abortedPromise(stopping)]);
    if (stopping.aborted) return;
    crashes++;
    logger.error({ err: error, group: runner.groupId }, 'consumer stopped; starting it again');
    await runner.stop().catch(() => undefined);
    await sleep(Math.min(10_000, 250 * 2 ** Math.min(crashes, 6)), stopping);
  }
}

function abortedPromise(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

async function reportLagEvery(
  intervalMs: number,
  runners: readonly ManagerRunner[],
  options: ProcessManagerWorkerOptions,
  owner: string,
  stopping: AbortSignal,
): Promise<void> {
  while (!stopping.aborted) {
    for (const runner of runners) {
      try {
        const lag = await options.bus.lag(runner.groupId, runner.topics);
        await reportLag(options.db, runner.manager.name, lag.messages, owner);
      } catch (error) {
        options.logger.debug({ err: error, group: runner.groupId }, 'could not report lag');
      }
    }
    await sleep(intervalMs, stopping);
  }
}

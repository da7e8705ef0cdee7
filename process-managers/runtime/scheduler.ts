import { sleep } from '../../platform/retry/backoff';
import { execute, type ExecutorDependencies } from './executor';
import { claimDue, type ClaimScope, release, type ScheduledAction } from './schedule';

export type SchedulerSettings = Readonly<{
  /** How often due rows (deadlines, retries, orphans of a dead worker) are looked for. */
  pollMs: number;
  /** Rows claimed per poll. */
  batchSize: number;
  /** Instances worked on at the same time; each instance's rows run one after another. */
  concurrency: number;
}>;

export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = {
  pollMs: 200,
  batchSize: 50,
  concurrency: 8,
};

/**
 * Runs the schedule: a decision's actions right after its commit (`runNow`), and everything else
 * that comes due — deadlines, retries, rows a dead worker had claimed — by polling. Claims make
 * sure one row runs on one worker at a time; the executor makes a row that runs twice append once.
 */
export class Scheduler {
  private readonly settings: SchedulerSettings;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly deps: ExecutorDependencies,
    settings: Partial<SchedulerSettings> = {},
  ) {
    this.settings = { ...DEFAULT_SCHEDULER_SETTINGS, ...settings };
  }

  start(): void {
    this.loop ??= this.poll();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  /** Runs what is due for one instance now, until nothing of it is left to claim. */
  readonly runNow = async (scope: ClaimScope): Promise<void> => {
    for (;;) {
      const rows = await claimDue(this.deps.db, this.deps.owner, this.settings.batchSize, scope);
      if (rows.length === 0 || !(await this.runInOrder(rows))) return;
    }
  };

  private async poll(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let claimed = 0;
      try {
        const rows = await claimDue(this.deps.db, this.deps.owner, this.settings.batchSize);
        claimed = rows.length;
        await this.runByInstance(rows);
      } catch (error) {
        this.deps.logger.error({ err: error }, 'schedule poll failed; trying again');
      }
      if (claimed < this.settings.batchSize) {
        await sleep(this.settings.pollMs, this.stopping.signal);
      }
    }
  }

  private async runByInstance(rows: readonly ScheduledAction[]): Promise<void> {
    const groups = new Map<string, ScheduledAction[]>();
    for (const row of rows) {
      const key = `${row.manager}\u0000${row.instance}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const queue = [...groups.values()];
    const workers = Array.from({ length: Math.min(this.settings.concurrency, queue.length) }, () =>
      (async () => {
        for (let group = queue.shift(); group; group = queue.shift()) await this.runInOrder(group);
      })(),
    );
    await Promise.all(workers);
  }

  /** True when every row is done; at the first that is not, the rest go back unworked. */
  private async runInOrder(rows: readonly ScheduledAction[]): Promise<boolean> {
    for (const [index, row] of rows.entries()) {
      if (this.stopping.signal.aborted || (await execute(row, this.deps)) !== 'done') {
        await release(
          this.deps.db,
          rows.slice(index + (this.stopping.signal.aborted ? 0 : 1)),
          this.deps.owner,
        );
        return false;
      }
    }
    return true;
  }
}

import { sleep } from '../../platform/retry/backoff';
import { execute, type ExecutorDependencies } from './executor';
import {
  claimDue,
  type ClaimScope,
  complete,
  completeAndClaimNext,
  release,
  type ScheduledAction,
} from './schedule';

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

/** What a decision needs to hand its actions due now straight to a scheduler. */
export interface NowRunner {
  /** The decision claims the rows it wrote for this owner, in its own transaction. */
  readonly owner: string;
  /**
   * Runs the rows due now of each instance a batch decided for, starting with those the
   * decisions claimed (instance → claimed rows, possibly none).
   */
  runNowEach(
    manager: string,
    claimedByInstance: ReadonlyMap<string, readonly ScheduledAction[]>,
  ): Promise<void>;
}

/**
 * Runs the schedule: a decision's actions right after its commit (`runNow`), and everything else
 * that comes due — deadlines, retries, rows a dead worker had claimed — by polling. Claims make
 * sure one row runs on one worker at a time; the executor makes a row that runs twice append once.
 */
export class Scheduler implements NowRunner {
  private readonly settings: SchedulerSettings;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly deps: ExecutorDependencies,
    settings: Partial<SchedulerSettings> = {},
  ) {
    this.settings = { ...DEFAULT_SCHEDULER_SETTINGS, ...settings };
  }

  get owner(): string {
    return this.deps.owner;
  }

  start(): void {
    this.loop ??= this.poll();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  /**
   * Runs what is due for one instance now, until nothing of it is left to claim. Each step's done
   * rows are deleted by the statement that claims the next step.
   * Without rows claimed by the decision, it claims first: an earlier row of the instance may
   * have been pending when the decision looked, and be done by now.
   */
  readonly runNow = async (
    scope: ClaimScope,
    claimed: readonly ScheduledAction[] = [],
  ): Promise<void> => {
    const { db, owner } = this.deps;
    const limit = this.settings.batchSize;
    let rows = claimed.length > 0 ? claimed : await claimDue(db, owner, limit, scope);
    while (rows.length > 0) {
      const { done, finished } = await this.runInOrder(rows);
      if (!finished) return complete(db, done, owner);
      rows = await completeAndClaimNext(db, owner, done, limit, scope);
    }
  };

  /** Instances run side by side (up to `concurrency`), each one's rows in order. */
  readonly runNowEach = async (
    manager: string,
    claimedByInstance: ReadonlyMap<string, readonly ScheduledAction[]>,
  ): Promise<void> => {
    await this.sideBySide([...claimedByInstance], ([instance, claimed]) =>
      this.runNow({ manager, instance }, claimed),
    );
  };

  private async poll(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let claimed = 0;
      try {
        const rows = await claimDue(this.deps.db, this.deps.owner, this.settings.batchSize);
        claimed = rows.length;
        await complete(this.deps.db, await this.runByInstance(rows), this.deps.owner);
      } catch (error) {
        this.deps.logger.error({ err: error }, 'schedule poll failed; trying again');
      }
      if (claimed < this.settings.batchSize) {
        await sleep(this.settings.pollMs, this.stopping.signal);
      }
    }
  }

  /** Returns the rows that are done, for the caller to delete. */
  private async runByInstance(rows: readonly ScheduledAction[]): Promise<ScheduledAction[]> {
    const groups = new Map<string, ScheduledAction[]>();
    for (const row of rows) {
      const key = `${row.manager}\u0000${row.instance}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const done: ScheduledAction[] = [];
    await this.sideBySide([...groups.values()], async (group) => {
      done.push(...(await this.runInOrder(group)).done);
    });
    return done;
  }

  /** Works through the items with up to `concurrency` of them in progress at a time. */
  private async sideBySide<Item>(
    items: Item[],
    work: (item: Item) => Promise<void>,
  ): Promise<void> {
    const queue = [...items];
    const workers = Array.from({ length: Math.min(this.settings.concurrency, queue.length) }, () =>
      (async () => {
        for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
      })(),
    );
    await Promise.all(workers);
  }

  /**
   * Runs the rows one after another and returns those that are done (still in the schedule:
   * the caller deletes them). `finished` when all are; at the first that is not, the rest go
   * back unworked.
   */
  private async runInOrder(
    rows: readonly ScheduledAction[],
  ): Promise<{ done: ScheduledAction[]; finished: boolean }> {
    const done: ScheduledAction[] = [];
    for (const [index, row] of rows.entries()) {
      if (this.stopping.signal.aborted || (await execute(row, this.deps)) !== 'done') {
        await release(
          this.deps.db,
          rows.slice(index + (this.stopping.signal.aborted ? 0 : 1)),
          this.deps.owner,
        );
        return { done, finished: false };
      }
      done.push(row);
    }
    return { done, finished: true };
  }
}

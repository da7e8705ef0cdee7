import { type StatementStat } from '../support/pg-profile';
import { type BenchServer, withClient } from '../support/postgres-server';
import { type EventStoreBenchConfig } from './config';
import { type Results, type SubjectResult } from './results';
import { type StoreProcess } from './store-process';
import { SUBJECTS, type SubjectName } from './store-under-test';
import { mergeAppendSlices } from './workloads/appends';
import { type LiveSlice, mergeLiveSlices } from './workloads/live';
import { mergeReadSlices } from './workloads/read';

export type PerSubject<T> = Record<SubjectName, T>;

/**
 * The phases, in order, over the three worker processes. Every phase runs in rounds of one
 * slice per store, the order rotating each round, with a CHECKPOINT before each round so no
 * store pays for another's dirty pages. Load from outside the benchmark comes and goes within
 * seconds on a shared machine; interleaving lands it on all three stores alike.
 */
export class Phases {
  /** CHECKPOINT needs superuser or pg_checkpoint; on a server we do not own, we do without. */
  checkpointed = true;
  private readonly profiles: PerSubject<Record<string, StatementStat[]>> = {
    ours: {},
    emmett: {},
    ceiling: {},
  };

  constructor(
    private readonly server: BenchServer,
    private readonly workers: PerSubject<StoreProcess>,
  ) {}

  async all(config: EventStoreBenchConfig): Promise<Results> {
    const appends = (name: string, phase: EventStoreBenchConfig['single']) =>
      this.rounds(name, phase.rounds, (w) => w.appends(phase), mergeAppendSlices).then((o) => {
        const what = `${phase.writers} writer(s) x ${phase.eventsPerAppend} event(s)`;
        log(`${what}, appends/s: ${rates(o, (a) => a.appendsPerSecond)}`);
        return o;
      });
    const single = await appends('single', config.single);
    const concurrent = await appends('concurrent', config.concurrent);
    const batched = await appends('batched', config.batched);

    for (const subject of SUBJECTS) await this.workers[subject].prepareRead(config.read);
    const perSlice = Math.ceil(config.read.events / config.read.rounds);
    const read = await this.rounds(
      'read',
      config.read.rounds,
      (w) => w.read(perSlice),
      mergeReadSlices,
    );
    log(`$all read events/s: ${rates(read, (r) => r.eventsPerSecond)}`);

    const live = await this.rounds(
      'live',
      config.live.rounds,
      (w) => w.live(config.live),
      (s) => (s.every((slice): slice is LiveSlice => slice !== null) ? mergeLiveSlices(s) : null),
    );
    log(`live p99 ms: ${rates(live, (l) => l?.latencyMs.p99 ?? NaN)}`);

    const result = (subject: SubjectName): SubjectResult => ({
      subject,
      single: single[subject],
      concurrent: concurrent[subject],
      batched: batched[subject],
      read: { ...read[subject], expected: config.read.events },
      live: live[subject],
      memory: this.workers[subject].memory(),
      profile: Object.keys(this.profiles[subject]).length > 0 ? this.profiles[subject] : null,
    });
    return mapSubjects(result);
  }

  private async rounds<Slice, Outcome>(
    name: string,
    rounds: number,
    slice: (worker: StoreProcess) => Promise<Slice>,
    merge: (slices: Slice[]) => Outcome,
  ): Promise<PerSubject<Outcome>> {
    const slices: PerSubject<Slice[]> = { ours: [], emmett: [], ceiling: [] };
    await this.profile('reset', name);
    for (let round = 0; round < rounds; round++) {
      await this.checkpoint();
      for (let i = 0; i < SUBJECTS.length; i++) {
        const subject = SUBJECTS[(round + i) % SUBJECTS.length];
        slices[subject].push(await slice(this.workers[subject]));
      }
    }
    await this.profile('take', name);
    return mapSubjects((subject) => merge(slices[subject]));
  }

  private async profile(action: 'reset' | 'take', phase: string): Promise<void> {
    for (const subject of SUBJECTS) {
      const top = await this.workers[subject].profile(action);
      if (top) this.profiles[subject][phase] = top;
    }
  }

  private async checkpoint(): Promise<void> {
    if (!this.checkpointed) return;
    this.checkpointed = await withClient(this.server.url, (c) => c.query('CHECKPOINT')).then(
      () => true,
      () => false,
    );
  }
}

function mapSubjects<T>(value: (subject: SubjectName) => T): PerSubject<T> {
  return { ours: value('ours'), emmett: value('emmett'), ceiling: value('ceiling') };
}

function rates<T>(outcome: PerSubject<T>, value: (o: T) => number): string {
  const show = (v: number): string =>
    Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a';
  return SUBJECTS.map((s) => `${s} ${show(value(outcome[s]))}`).join(', ');
}

export function log(line: string): void {
  console.log(`[eventstore] ${line}`);
}

import { Client } from 'pg';
import { cpuMeter, localPostmaster } from '../support/measure';
import { pgProfiler, type PgProfiler, type StatementStat } from '../support/pg-profile';
import { EventFactory } from './bench-events';
import { type AppendPhase, type LivePhase, type ReadPhase } from './config';
import { type AllReader, type SubjectName } from './store-under-test';
import { openStoreUnderTest } from './subjects/open-subject';
import { appendMore, type AppendSlice, measureAppends } from './workloads/appends';
import { type LiveSlice, measureLive } from './workloads/live';
import { measureRead, type ReadSlice } from './workloads/read';
import { type Rig } from './workloads/rig';

export type OpenRequest = Readonly<{
  subject: SubjectName;
  databaseUrl: string;
  poolSize: number;
  profile: boolean;
}>;

/**
 * One store under test inside its worker process (worker.ts): the store, an admin connection to
 * its database for VACUUM and pg_stat_statements, and a count of the events written so far.
 */
export class StoreSession {
  private written = 0;
  private reader: AllReader | undefined;

  private constructor(
    private readonly rig: Rig,
    private readonly admin: Client,
    private readonly profiler: PgProfiler | null,
  ) {}

  static async open(request: OpenRequest): Promise<StoreSession> {
    const admin = new Client({
      connectionString: request.databaseUrl,
      application_name: 'bench-admin',
    });
    await admin.connect();
    const store = await openStoreUnderTest(request.subject, request.databaseUrl, request.poolSize);
    const backend = await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const cpu = cpuMeter(localPostmaster(backend.rows[0].pid));
    const profiler = request.profile ? await pgProfiler(admin) : null;
    return new StoreSession({ store, factory: new EventFactory(), cpu }, admin, profiler);
  }

  async appends(phase: AppendPhase): Promise<AppendSlice> {
    const slice = await measureAppends(this.rig, phase);
    this.written += slice.eventsWritten;
    return slice;
  }

  /**
   * Untimed: tops $all up to `phase.events`, VACUUM (ANALYZE) for a steady-state read, one
   * warm-up read, then a reader at the start of $all for the measured slices.
   */
  async prepareRead(phase: ReadPhase): Promise<void> {
    const { store } = this.rig;
    await appendMore(this.rig, phase.events - this.written);
    this.written = Math.max(this.written, phase.events);
    await this.admin.query('VACUUM (ANALYZE)');
    await store.allReader(phase.batchSize).read(phase.warmupEvents);
    this.reader = store.allReader(phase.batchSize);
  }

  read(count: number): Promise<ReadSlice> {
    if (!this.reader) throw new Error("'read' before 'prepareRead'");
    return measureRead(this.rig, this.reader, count);
  }

  live(phase: LivePhase): Promise<LiveSlice | null> {
    return measureLive(this.rig, phase);
  }

  /** 'reset' before a phase, 'take' after it; null without pg_stat_statements. */
  async profile(action: 'reset' | 'take'): Promise<StatementStat[] | null> {
    if (!this.profiler) return null;
    if (action === 'take') return this.profiler.top();
    await this.profiler.reset();
    return null;
  }

  async close(): Promise<void> {
    await this.rig.store.close();
    await this.admin.end();
  }
}

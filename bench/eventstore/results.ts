import { type StatementStat } from '../support/pg-profile';
import { type Memory } from '../support/process-memory';
import { type SubjectName } from './store-under-test';
import { type AppendOutcome } from './workloads/appends';
import { type LiveOutcome } from './workloads/live';
import { type ReadOutcome } from './workloads/read';

/** Everything measured for one store. */
export type SubjectResult = Readonly<{
  subject: SubjectName;
  single: AppendOutcome;
  concurrent: AppendOutcome;
  batched: AppendOutcome;
  /** `expected`: the events $all held up to the requested count, all of which should be read. */
  read: ReadOutcome & { expected: number };
  live: LiveOutcome | null;
  /** The store's worker process: RSS at the end of the phases, and its peak over all of them. */
  memory: Memory | null;
  /** Top statements per phase, with --profile on a server that has pg_stat_statements. */
  profile: Record<string, StatementStat[]> | null;
}>;

export type Results = Readonly<Record<SubjectName, SubjectResult>>;

import { type BenchReport } from './report';

export type BenchOptions = Readonly<{
  /** Shorter phases and smaller counts: a quick look, not numbers to quote. */
  quick: boolean;
  /** Collect pg_stat_statements per phase (private cluster, or a server that has it loaded). */
  profile: boolean;
}>;

/** One benchmark `npm run bench -- <name>` can run. */
export interface Benchmark {
  readonly name: string;
  run(options: BenchOptions): Promise<BenchReport>;
}

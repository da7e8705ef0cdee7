import { type ProgressReporter } from '../progress';

/**
 * Seed's progress: one phase at a time ("creating products 12/24"), each drawn by the shared
 * ProgressReporter (a bar on a terminal, log lines otherwise). Waits on rate limits are said
 * as lines of their own, so a pause on the bar is explained.
 */
export class PhaseProgress {
  private label = '';
  private unit = '';
  private total = 0;
  private done = 0;
  private startedAt = 0;

  constructor(
    private readonly reporter: ProgressReporter,
    private readonly now: () => number = () => performance.now(),
  ) {}

  start(label: string, unit: string, total: number): void {
    this.reporter.finish();
    Object.assign(this, { label, unit, total, done: 0, startedAt: this.now() });
    this.draw(true);
  }

  advance(): void {
    this.done += 1;
    this.draw(this.done === this.total);
  }

  note(line: string): void {
    this.reporter.log(line);
  }

  finish(): void {
    this.reporter.finish();
  }

  private draw(force: boolean): void {
    const { label, unit, total, done } = this;
    this.reporter.update(
      { label, unit, total, done, elapsedMs: this.now() - this.startedAt },
      force,
    );
  }
}

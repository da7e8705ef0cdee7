/**
 * Progress of long operator commands (`projections rebuild`, `analytics backfill`): a bar
 * redrawn in place on a terminal, plain log lines otherwise (CI logs, files, pipes). The
 * formatting functions are pure; ProgressReporter only decides when to write.
 */

import { commandContext } from './command-context';

export type ProgressSnapshot = Readonly<{
  /** What is going on right now: "replaying", "catching up". */
  label: string;
  done: number;
  /** Unknown for a backfill (it reads only some event types): no percentage, no ETA. */
  total?: number;
  elapsedMs: number;
  /** What `done` counts (default "events"; seed counts "orders", "users"). */
  unit?: string;
}>;

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** "850 ms", "12.3 s", "4m 05s", "2h 03m": precise when short, readable when long. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1_000);
  if (seconds < 3_600) return `${Math.floor(seconds / 60)}m ${pad2(seconds % 60)}s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h ${pad2(minutes % 60)}m`;
}

/** Events per second; "-" before any time has passed (a rate of a zero interval means nothing). */
export function formatRate(events: number, ms: number, unit = 'events'): string {
  return ms > 0 ? `${formatCount((events * 1_000) / ms)} ${unit}/s` : `- ${unit}/s`;
}

/**
 * Time left at the rate so far. Undefined without a total or a rate; 0 once past the total
 * (events appended during a rebuild push `done` beyond the count taken at its start).
 */
export function etaMs(
  done: number,
  total: number | undefined,
  elapsedMs: number,
): number | undefined {
  if (total === undefined || done <= 0 || elapsedMs <= 0) return undefined;
  return Math.max(0, ((total - done) * elapsedMs) / done);
}

/** One terminal line: `replaying [=====>    ]  52%  5,200/10,000 events  8,000 events/s  ETA 0.6 s`. */
export function progressBar(snapshot: ProgressSnapshot, width = 24): string {
  const { label, done, total, elapsedMs, unit = 'events' } = snapshot;
  const rate = formatRate(done, elapsedMs, unit);
  if (total === undefined) {
    return `${label}  ${formatCount(done)} ${unit}  ${rate}  ${formatDuration(elapsedMs)}`;
  }
  const fraction = fractionOf(done, total);
  const filled = Math.round(fraction * width);
  const bar =
    filled >= width ? '='.repeat(width) : `${'='.repeat(filled)}>${' '.repeat(width - filled - 1)}`;
  return (
    `${label} [${bar}] ${percent(fraction).padStart(4)}  ` +
    `${formatCount(done)}/${formatCount(total)} ${unit}  ${rate}  ${etaText(snapshot)}`
  );
}

/** One log line: `replaying: 5,200 of 10,000 events (52%), 8,000 events/s, ETA 0.6 s`. */
export function progressLine(snapshot: ProgressSnapshot): string {
  const { label, done, total, elapsedMs, unit = 'events' } = snapshot;
  const rate = formatRate(done, elapsedMs, unit);
  if (total === undefined) {
    return `${label}: ${formatCount(done)} ${unit}, ${rate}, ${formatDuration(elapsedMs)} elapsed`;
  }
  const share = percent(fractionOf(done, total));
  return `${label}: ${formatCount(done)} of ${formatCount(total)} ${unit} (${share}), ${rate}, ${etaText(snapshot)}`;
}

function etaText({ done, total, elapsedMs }: ProgressSnapshot): string {
  const eta = etaMs(done, total, elapsedMs);
  return eta === undefined ? 'ETA -' : `ETA ${formatDuration(eta)}`;
}

function fractionOf(done: number, total: number): number {
  return total <= 0 ? 1 : Math.min(1, done / total);
}

function percent(fraction: number): string {
  return `${Math.floor(fraction * 100)}%`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export type ProgressOutput = Readonly<{ write(text: string): unknown }>;

export type ProgressReporterOptions = Readonly<{
  /** Draw a bar in place (a terminal) rather than log lines. */
  tty: boolean;
  /** A terminal is redrawn at most this often (default 100 ms: about 10 times a second). */
  redrawMs?: number;
  /** Elsewhere a line is written at most this often (default 2 s), plus forced ones. */
  logEveryMs?: number;
  now?: () => number;
}>;

/**
 * Writes progress to `out` (stderr: stdout carries the command's result). `update` is cheap to
 * call for every batch; it writes only when the interval has passed or when `force` is set (a new
 * phase). `log` prints a line without losing the bar; `finish` leaves the last state on screen.
 */
export class ProgressReporter {
  private readonly redrawMs: number;
  private readonly logEveryMs: number;
  private readonly now: () => number;
  private lastWrite = Number.NEGATIVE_INFINITY;
  private drawn: ProgressSnapshot | undefined;

  constructor(
    private readonly out: ProgressOutput,
    private readonly options: ProgressReporterOptions,
  ) {
    this.redrawMs = options.redrawMs ?? 100;
    this.logEveryMs = options.logEveryMs ?? 2_000;
    this.now = options.now ?? Date.now;
  }

  update(snapshot: ProgressSnapshot, force = false): void {
    const at = this.now();
    const interval = this.options.tty ? this.redrawMs : this.logEveryMs;
    if (!force && at - this.lastWrite < interval) {
      if (this.options.tty) this.drawn = snapshot; // shown at the next redraw or by finish()
      return;
    }
    this.lastWrite = at;
    if (this.options.tty) {
      this.drawn = snapshot;
      this.out.write(`${CLEAR_LINE}${progressBar(snapshot)}`);
    } else {
      this.out.write(`${progressLine(snapshot)}\n`);
    }
  }

  log(line: string): void {
    if (this.options.tty && this.drawn) {
      this.out.write(`${CLEAR_LINE}${line}\n${progressBar(this.drawn)}`);
    } else {
      this.out.write(`${line}\n`);
    }
  }

  /** On a terminal: redraws the latest state and ends the line. */
  finish(): void {
    if (this.options.tty && this.drawn) {
      this.out.write(`${CLEAR_LINE}${progressBar(this.drawn)}\n`);
    }
    this.drawn = undefined;
  }
}

/** The progress of the command being run, on its stderr: a bar if that is a terminal. */
export function progressOnStderr(): ProgressReporter {
  const { stderr } = commandContext();
  return new ProgressReporter(stderr, { tty: stderr.isTTY });
}

/** Back to the start of the line and erase it (ANSI EL2), so the bar is redrawn in place. */
const CLEAR_LINE = '\r\x1b[2K';

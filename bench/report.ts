import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * What every benchmark hands back to bench/run.ts: one table for people, everything else for the
 * JSON file under bench/results/ (gitignored), named <benchmark>-<timestamp>.json.
 */
export type Cell = string | number | null;

export type ReportTable = Readonly<{
  columns: readonly string[];
  rows: readonly (readonly Cell[])[];
}>;

export type BenchReport = Readonly<{
  benchmark: string;
  startedAt: string;
  durationSeconds: number;
  /** Machine and server facts a reader needs to judge the numbers (cpus, versions, settings). */
  environment: Readonly<Record<string, string | number | boolean>>;
  /** The headline table first, then any supporting ones (CPU split, profiles). */
  tables: readonly (ReportTable & { title: string })[];
  notes: readonly string[];
  /** Raw measurements, for whoever wants to compare runs. */
  results: unknown;
}>;

export function machineInfo(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

export function renderTable(table: ReportTable): string {
  const text = [table.columns, ...table.rows].map((row) => row.map(formatCell));
  const widths = table.columns.map((_, i) => Math.max(...text.map((row) => row[i].length)));
  const line = (row: string[]): string =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(text[0]), rule, ...text.slice(1).map(line)].join('\n');
}

export function renderReport(report: BenchReport): string {
  const environment = Object.entries(report.environment)
    .map(([key, value]) => `  ${key}: ${String(value)}`)
    .join('\n');
  const tables = report.tables.map((t) => `${t.title}\n${renderTable(t)}`).join('\n\n');
  const notes = report.notes.map((note) => `  - ${note}`).join('\n');
  return [
    `${report.benchmark} (${report.startedAt}, ${report.durationSeconds.toFixed(0)} s)`,
    environment,
    '',
    tables,
    ...(notes ? ['', 'Notes:', notes] : []),
  ].join('\n');
}

/** Writes bench/results/<benchmark>-<timestamp>.json and returns its path. */
export async function saveReport(
  report: BenchReport,
  dir = path.join(__dirname, 'results'),
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const file = path.join(dir, `${report.benchmark}-${stamp}.json`);
  await writeFile(file, `${JSON.stringify(report, jsonValue, 2)}\n`);
  return file;
}

function formatCell(cell: Cell): string {
  if (cell === null) return 'n/a';
  if (typeof cell === 'string') return cell;
  if (!Number.isFinite(cell)) return String(cell);
  const digits = Number.isInteger(cell) || Math.abs(cell) >= 100 ? 0 : Math.abs(cell) >= 10 ? 1 : 2;
  return cell.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

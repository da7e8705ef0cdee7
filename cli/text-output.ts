/** Plain-text output shared by the operator commands: tables, one-line texts, ids. */

import { commandContext } from './command-context';

/** Columns padded to their widest cell, two spaces apart. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
  return [line(headers), ...rows.map(line)];
}

export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** The command's result, to its stdout (this process's, or the CLI's it runs for). */
export function write(lines: readonly string[]): void {
  const { stdout } = commandContext();
  for (const line of lines) stdout.write(`${line}\n`);
}

/** Event ids are UUIDs; anything else is a typo, said before touching the database. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function eventIdArgument(raw: string, listCommand: string): string {
  if (!UUID.test(raw)) {
    throw new Error(
      `eventId must be a UUID (as \`shopstream ${listCommand}\` shows it), got "${raw}"`,
    );
  }
  return raw.toLowerCase();
}

import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CHILD = path.join(__dirname, 'testing', 'log-then-die.testing.ts');
const LINES = 500;

/** Runs the child with its stdout in a file; resolves with that file and what it said. */
async function logThenDie(how: 'exit' | 'crash') {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'logger-exit-')), 'stdout.log');
  const stdout = openSync(file, 'w');
  const child = spawn(process.execPath, ['--require', 'ts-node/register', CHILD, how, `${LINES}`], {
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', stdout, 'pipe'],
  });
  closeSync(stdout);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const written = Number(/written when logging returned: (\d+)/.exec(stderr)?.[1]);
  return { code, stderr, written, text: readFileSync(file, 'utf8') };
}

function linesOf(text: string): number[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { line: number }).line);
}

const EVERY_LINE = Array.from({ length: LINES }, (_, line) => line);

describe('createLogger on standard output', () => {
  it('does not write each line before returning to the caller (the writes are asynchronous)', async () => {
    const { text, written } = await logThenDie('exit');
    // A synchronous destination would have written every line by then; an asynchronous one has
    // at most started its first write, the next waiting for the event loop.
    expect(written).toBeLessThan(Buffer.byteLength(text));
  }, 30_000);

  it('still writes every line, in order, when the process exits right after logging', async () => {
    const { code, text } = await logThenDie('exit');
    expect(code).toBe(3);
    expect(linesOf(text)).toEqual(EVERY_LINE);
  }, 30_000);

  it('still writes every line, in order, when the process crashes right after logging', async () => {
    const { code, stderr, text } = await logThenDie('crash');
    expect(code).toBe(1);
    expect(stderr).toContain('crash right after logging');
    expect(linesOf(text)).toEqual(EVERY_LINE);
  }, 30_000);
});

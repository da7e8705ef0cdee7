import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

export type CliResult = Readonly<{ code: number | null; stdout: string; stderr: string }>;

/**
 * Runs `shopstream <args>` from the TypeScript sources as its own process (no build needed),
 * with only PATH and `env` in its environment, and collects its output and exit code.
 */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'test/cli/run-from-source.ts', ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

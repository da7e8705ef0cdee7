import { spawn } from 'node:child_process';
import path from 'node:path';
import { compiledCli } from './compiled-cli.testing';

const root = path.resolve(__dirname, '../..');

export type CliResult = Readonly<{ code: number | null; stdout: string; stderr: string }>;

/**
 * Runs `shopstream <args>` from a build of the current sources (compiled-cli.testing.ts) as its
 * own process, with only PATH and `env` in its environment, and collects its output and exit code.
 */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const nodeArgs = await compiledCli(args);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs, {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readVersionFile, testToolsCache } from '../../harness/kafka/version';

const VERSION_FILE = resolve(__dirname, '../../../scripts/schemathesis-version');

/**
 * The schemathesis binary scripts/install-test-services.sh installed. Missing, it is an error
 * that says how to install it: a fuzzing suite that skipped itself would pass without testing.
 */
export function schemathesisBinary(): string {
  const version = readVersionFile(VERSION_FILE);
  const binary = join(testToolsCache(), `schemathesis-${version}`, 'bin', 'schemathesis');
  if (!existsSync(binary)) {
    throw new Error(
      `schemathesis ${version} is not installed (${binary}): run scripts/install-test-services.sh`,
    );
  }
  return binary;
}

export type FuzzRun = Readonly<{
  binary: string;
  /** The API's base URL; its document is at /docs/openapi.json. */
  baseUrl: string;
  token: string;
  /** Test cases per operation and phase: the run's size, and so its duration. */
  maxExamples: number;
  seed: number;
}>;

export type FuzzResult = Readonly<{ exitCode: number | null; output: string }>;

/**
 * `schemathesis run --checks all` against one running API, as the bearer of `token`, with the
 * hooks in shopstream_hooks.py. Asynchronous: the APIs under test answer from this process.
 */
export async function runSchemathesis(run: FuzzRun): Promise<FuzzResult> {
  // Hypothesis keeps its example database in the working folder; keep it out of the tree.
  const workDir = mkdtempSync(join(tmpdir(), 'shopstream-schemathesis-'));
  const args = [
    ...['--config-file', join(__dirname, 'schemathesis.toml')],
    'run',
    `${run.baseUrl}/docs/openapi.json`,
    ...['--url', run.baseUrl],
    ...['--checks', 'all'],
    ...['--max-examples', String(run.maxExamples)],
    ...['--seed', String(run.seed)],
    ...['--generation-database', 'none'],
    ...['--header', `Authorization: Bearer ${run.token}`],
    ...['--workers', '1'],
    '--no-color',
  ];
  try {
    return await new Promise<FuzzResult>((done, fail) => {
      const child = spawn(run.binary, args, {
        cwd: workDir,
        env: {
          ...process.env,
          PYTHONPATH: __dirname,
          SCHEMATHESIS_HOOKS: 'shopstream_hooks',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.on('error', fail);
      child.on('close', (exitCode) =>
        done({ exitCode, output: Buffer.concat(chunks).toString('utf8') }),
      );
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

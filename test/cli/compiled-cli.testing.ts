import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const SOURCES = [
  'cli',
  'domain',
  'platform',
  'process-managers',
  'projections',
  'read-api',
  'relay',
  'write-side',
];
const CONFIG = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];
const CACHE = path.join(root, 'node_modules', '.cache', 'shopstream-cli');

/**
 * The node arguments that run `shopstream <args>` from a build of the current sources. Tests
 * spawn the CLI dozens of times; compiling the sources once per change (about 25 s, shared by
 * every jest worker through a lock directory) beats transpiling them in each process (5-8 s
 * each on this machine). The build lives under node_modules/.cache, keyed by the sources'
 * paths, sizes and modification times, so a stale build is never used.
 */
export async function compiledCli(args: readonly string[]): Promise<string[]> {
  const main = path.join(await compiledBuild(), 'cli', 'main.js');
  return ['-e', `require(${JSON.stringify(main)}).run(process.argv)`, 'shopstream', ...args];
}

/** The folder holding that build (its `cli/main.js`), built first when the sources changed. */
export async function compiledBuild(): Promise<string> {
  const dir = path.join(CACHE, await sourcesKey());
  const done = path.join(dir, '.complete');
  if (existsSync(done)) return dir;
  await mkdir(CACHE, { recursive: true });
  const lock = `${dir}.lock`;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (existsSync(done)) return dir;
      if (await staleLock(lock)) await rm(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (existsSync(done)) return dir;
    await rm(dir, { recursive: true, force: true });
    await tsc(['-p', 'tsconfig.build.json', '--outDir', dir]);
    await writeFile(done, new Date().toISOString());
    return dir;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** A lock older than a build could take belongs to a killed run. */
async function staleLock(lock: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(lock)).mtimeMs > 180_000;
  } catch {
    return false;
  }
}

function tsc(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const compiler = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const child = spawn(process.execPath, [compiler, ...args], { cwd: root });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`building the CLI failed:\n${output}`)),
    );
  });
}

async function sourcesKey(): Promise<string> {
  const hash = createHash('sha256');
  const files = [...CONFIG];
  for (const folder of SOURCES) files.push(...(await tsFiles(folder)));
  for (const file of files.sort()) {
    const info = await stat(path.join(root, file));
    hash.update(`${file}:${info.size}:${info.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

async function tsFiles(folder: string): Promise<string[]> {
  const entries = await readdir(path.join(root, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|json)$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

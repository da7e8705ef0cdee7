import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Whatever the harness starts must not outlive the jest process, even when jest is interrupted
 * (SIGINT/SIGTERM: cleaned up here) or killed outright (SIGKILL: a detached watchdog notices the
 * parent is gone and cleans up from the state file).
 */
interface OwnedGroup {
  pgid: number;
  /** Signal that shuts the process down cleanly and fast (SIGQUIT is Postgres' immediate mode). */
  signal: NodeJS.Signals;
}

interface RunState {
  dir: string;
  stateFile: string;
  watchdogPid: number | undefined;
  groups: Map<number, OwnedGroup>;
  /** The listeners as registered (setup and teardown may each load their own copy of this file). */
  listeners: { exit: () => void; signal: (signal: NodeJS.Signals) => void };
}

// On globalThis: jest loads global-setup and global-teardown separately, with their own imports.
const KEY = Symbol.for('shopstream.test-harness.cleanup');
const shared = globalThis as typeof globalThis & { [KEY]?: RunState };

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

// Runs after the parent (jest) is gone: ask each group to stop, then force it, then remove files.
const WATCHDOG = `
parent=$1 state=$2 dir=$3
while kill -0 "$parent" 2>/dev/null; do sleep 1; done
[ -f "$state" ] || exit 0
while read -r pgid sig; do kill -s "$sig" -- "-$pgid" 2>/dev/null; done < "$state"
sleep 2
while read -r pgid sig; do kill -s KILL -- "-$pgid" 2>/dev/null; done < "$state"
rm -rf -- "$dir" "$state"
`;

/** The private directory of this harness run (created on first use, with its watchdog). */
export function runDir(): string {
  if (shared[KEY]) return shared[KEY].dir;
  const dir = mkdtempSync(join(tmpdir(), 'shopstream-harness-'));
  // Traversable by the postgres user, who owns its own subdirectory.
  chmodSync(dir, 0o711);
  const stateFile = `${dir}.pids`;
  writeFileSync(stateFile, '');
  const watchdog = spawn(
    'bash',
    ['-c', WATCHDOG, 'shopstream-harness-watchdog', String(process.pid), stateFile, dir],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  const listeners = { exit: emergencyCleanup, signal: onSignal };
  shared[KEY] = { dir, stateFile, watchdogPid: watchdog.pid, groups: new Map(), listeners };
  process.once('exit', listeners.exit);
  for (const signal of SIGNALS) process.once(signal, listeners.signal);
  return dir;
}

/** Records a process group (a detached child's pid) to be killed if the harness dies. */
export function ownProcessGroup(pgid: number, signal: NodeJS.Signals): void {
  runDir();
  const run = shared[KEY]!;
  run.groups.set(pgid, { pgid, signal });
  writeState(run);
}

export function disownProcessGroup(pgid: number): void {
  const run = shared[KEY];
  if (run?.groups.delete(pgid)) writeState(run);
}

/** The watchdog reads this file only after jest is gone, so it only ever lists live groups. */
function writeState(run: RunState): void {
  const lines = [...run.groups.values()].map((g) => `${g.pgid} ${g.signal.replace(/^SIG/, '')}\n`);
  writeFileSync(run.stateFile, lines.join(''));
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Normal end of a run, after every service stopped: remove the run directory and the watchdog. */
export function finishRun(): void {
  const run = shared[KEY];
  if (!run) return;
  const { dir, stateFile, watchdogPid } = run;
  for (const group of run.groups.values()) signalGroup(group.pgid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  rmSync(stateFile, { force: true });
  if (watchdogPid) signalGroup(watchdogPid, 'SIGKILL');
  process.removeListener('exit', run.listeners.exit);
  for (const signal of SIGNALS) process.removeListener(signal, run.listeners.signal);
  delete shared[KEY];
}

function emergencyCleanup(): void {
  const run = shared[KEY];
  if (!run) return;
  for (const group of run.groups.values()) signalGroup(group.pgid, group.signal);
  for (const group of run.groups.values()) {
    if (group.signal !== 'SIGQUIT') signalGroup(group.pgid, 'SIGKILL');
  }
  // Postgres may still be writing while it shuts down; the watchdog retries the removal.
  try {
    rmSync(run.dir, { recursive: true, force: true });
  } catch {
    /* the watchdog removes it once this process is gone */
  }
}

function onSignal(signal: NodeJS.Signals): void {
  emergencyCleanup();
  process.exit(128 + SIGNAL_NUMBERS[signal as (typeof SIGNALS)[number]]);
}

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { commandPath } from '../runtime/processes';
import { type ServiceName } from '../service';
import { INSTALL_SCRIPT, missingTools, planTools, type TestTool } from './plan';

export type ToolEnvironment = Readonly<{
  tools: readonly TestTool[];
  /** Root on a machine with apt-get: the install script can do its work unattended. */
  canInstall: boolean;
  /** Runs the install script to the end; returns its exit code (null when killed). */
  runInstallScript: () => number | null;
  log: (line: string) => void;
}>;

/**
 * Makes sure the tools the harness needs for `localServices` are here before it starts them:
 * runs the install script when it may, else fails with the one line that says what to do.
 * With everything present it only probes files, so a prepared machine pays nothing.
 */
export function ensureTools(localServices: readonly ServiceName[], env: ToolEnvironment): void {
  const plan = planTools(missingTools(env.tools, localServices), env.canInstall);
  if (plan.action === 'none') return;
  if (plan.action === 'fail') throw oneLineError(plan.line);

  env.log(plan.line);
  const exitCode = env.runInstallScript();
  if (exitCode !== 0) throw oneLineError(`[harness] ${INSTALL_SCRIPT} failed (exit ${exitCode})`);
  const stillMissing = missingTools(env.tools, localServices);
  if (stillMissing.length > 0) {
    throw oneLineError(
      `[harness] ${INSTALL_SCRIPT} ran but ${stillMissing.map((t) => t.name).join(', ')} ` +
        'still cannot be found',
    );
  }
}

/**
 * An error jest shows as just its line: what to install is the whole story, and a stack trace
 * into the harness would bury it.
 */
function oneLineError(line: string): Error {
  const error = new Error(line);
  error.stack = line;
  return error;
}

/** This machine: root with apt-get may install; the script's output goes to the terminal. */
export function thisMachine(tools: readonly TestTool[]): ToolEnvironment {
  return {
    tools,
    canInstall: process.getuid?.() === 0 && commandPath('apt-get') !== undefined,
    runInstallScript: () =>
      spawnSync('bash', [resolve(__dirname, '../../..', INSTALL_SCRIPT)], { stdio: 'inherit' })
        .status,
    log: (line) => console.log(line),
  };
}

import { type Command } from 'commander';
import { loadConfig } from '../../platform/config/config';
import { commandContext, runsInsideRunningProcess } from '../command-context';
import { runningShopstream, runThrough } from './control-client';

const operatorCommands = new WeakSet<Command>();

/**
 * Sets `action` as what an operator command does (`projections rebuild`, `migrate`, …). While a
 * `shopstream start` holds the embedded database in DATA_DIR, the command line goes to that
 * process over its control socket and runs there, against its open stores; its output and exit
 * code come back here. Otherwise the command runs in this process, opening the stores itself.
 */
export function operatorCommand<A extends unknown[]>(
  command: Command,
  action: (...args: A) => Promise<void>,
): Command {
  operatorCommands.add(command);
  return command.action(async (...args: A) => {
    if (!runsInsideRunningProcess()) {
      const running = await runningShopstream(loadConfig());
      if (running) {
        const context = commandContext();
        context.setExitCode(await runThrough(running, context));
        return;
      }
    }
    await action(...args);
  });
}

/** The running process executes only operator commands for its socket (never `start` again). */
export function refuseAllButOperatorCommands(program: Command): void {
  program.hook('preAction', (_program, command) => {
    if (runsInsideRunningProcess() && !operatorCommands.has(command)) {
      throw new Error(`${command.name()} cannot run inside a running shopstream`);
    }
  });
}

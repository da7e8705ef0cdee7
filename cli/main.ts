import { type Command, CommanderError } from 'commander';
import {
  asProcessCommand,
  type CommandContext,
  commandContext,
  localContext,
  withCommandContext,
} from './command-context';
import { refuseAllButOperatorCommands } from './control/operator-command';
import { buildProgram } from './program';

/**
 * Parses and runs one command: the process's own (its command line, on its terminal), or one a
 * CLI `forwarded` over the control socket (that CLI's output). A CommanderError (usage, --help)
 * sets the exit code, any other failure is thrown.
 */
export async function main(argv: string[], forwarded?: CommandContext): Promise<void> {
  const context = forwarded ?? localContext(argv.slice(2));
  const program = buildProgram();
  everyCommand(program, (command) =>
    // Commander exits the process on a usage error unless told otherwise, and writes to this
    // process's streams: neither may happen inside a running `start` serving a CLI.
    command.exitOverride().configureOutput({
      writeOut: (text) => commandContext().stdout.write(text),
      writeErr: (text) => commandContext().stderr.write(text),
    }),
  );
  refuseAllButOperatorCommands(program);
  try {
    const parse = () => program.parseAsync(argv);
    await (forwarded ? withCommandContext(forwarded, parse) : asProcessCommand(context, parse));
  } catch (error) {
    if (error instanceof CommanderError) {
      context.setExitCode(error.exitCode);
      return;
    }
    throw error;
  }
}

function everyCommand(command: Command, visit: (command: Command) => void): void {
  visit(command);
  for (const sub of command.commands) everyCommand(sub, visit);
}

/** Any failure of a command, as the one line the operator sees. */
export function failureLine(error: unknown): string {
  return `shopstream: ${error instanceof Error ? error.message : String(error)}`;
}

/** The process entry (bin/shopstream.js): any failure is one line on stderr and exit code 1. */
export function run(argv: string[]): void {
  main(argv).catch((error: unknown) => {
    console.error(failureLine(error));
    process.exit(1);
  });
}

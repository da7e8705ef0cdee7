import { CommanderError } from 'commander';
import { buildProgram } from './program';

/** Parses and runs one command; a CommanderError (usage, --help) sets the exit code. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    throw error;
  }
}

/** The process entry (bin/shopstream.js): any failure is one line on stderr and exit code 1. */
export function run(argv: string[]): void {
  main(argv).catch((error: unknown) => {
    console.error(`shopstream: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

import { readFileSync } from 'node:fs';
import { type Command } from 'commander';
import { buildProgram } from '../../cli/program';
import { loadConfig } from '../../platform/config/config';
import { productionSources } from './production-sources';

/**
 * What a deployment file may name: the `shopstream` subcommands and the environment variables
 * the code reads. Both come from the code itself, so a renamed command or variable shows up here.
 */

/** Every variable loadConfig reads (recorded as it reads them), and every literal
 * `process.env.NAME` in the production sources (LOG_LEVEL and the like, read outside config). */
export function variablesTheCodeReads(): Set<string> {
  const read = new Set<string>();
  const recorder = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get: (_target, name) => {
        if (typeof name === 'string') read.add(name);
        return undefined;
      },
    },
  );
  loadConfig(recorder);
  for (const file of productionSources()) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/process\.env(?:\.([A-Z0-9_]+)|\[['"]([A-Z0-9_]+)['"]\])/g)) {
      read.add(match[1] ?? match[2]);
    }
  }
  return read;
}

/** Why `shopstream <args>` would not run a command, or undefined when it would. */
export function commandProblem(
  args: readonly string[],
  program = buildProgram(),
): string | undefined {
  let command: Command = program;
  for (const arg of args) {
    if (arg.startsWith('-')) {
      const flag = arg.split('=')[0];
      if (!command.options.some((option) => option.long === flag || option.short === flag)) {
        return `"${command.name()}" has no option ${flag}`;
      }
    } else {
      const next = command.commands.find(
        (sub) => sub.name() === arg || sub.aliases().includes(arg),
      );
      if (!next) return `"${command.name()}" has no subcommand "${arg}"`;
      command = next;
    }
  }
  if (command.commands.length > 0) {
    return `"${command.name()}" needs a subcommand (${command.commands.map((c) => c.name()).join(', ')})`;
  }
  return undefined;
}

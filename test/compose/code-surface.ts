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

/**
 * Why `shopstream <args>` would not run a command, or undefined when it would: every word must be
 * a subcommand until a leaf, then the leaf's arguments (no more than it declares, and no fewer
 * than it requires unless `mention` says the words only name the command); every option must be
 * one the command has, and an option that takes a value takes the next word unless written
 * `--option=value`. `--help` is answered at any depth.
 */
export function commandProblem(
  args: readonly string[],
  program = buildProgram(),
  { mention = false }: { mention?: boolean } = {},
): string | undefined {
  let command: Command = program;
  let positionals = 0;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (HELP_FLAGS.includes(arg)) {
      help = true;
    } else if (arg.startsWith('-')) {
      const [flag] = arg.split('=');
      const option = command.options.find((o) => o.long === flag || o.short === flag);
      if (!option) return `"${command.name()}" has no option ${flag}`;
      if ((option.required || option.optional) && !arg.includes('=')) i++;
    } else if (command.commands.length > 0) {
      const next = command.commands.find(
        (sub) => sub.name() === arg || sub.aliases().includes(arg),
      );
      if (!next) return `"${command.name()}" has no subcommand "${arg}"`;
      command = next;
    } else if (++positionals > command.registeredArguments.length) {
      return `"${command.name()}" takes no argument "${arg}"`;
    }
  }
  if (help) return undefined;
  if (command.commands.length > 0) {
    return `"${command.name()}" needs a subcommand (${command.commands.map((c) => c.name()).join(', ')})`;
  }
  const required = command.registeredArguments.filter((argument) => argument.required);
  if (!mention && positionals < required.length) {
    return `"${command.name()}" needs ${required.map((a) => `<${a.name()}>`).join(' ')}`;
  }
  return undefined;
}

/** Commander answers these on every command (and the program) without listing them as options. */
const HELP_FLAGS = ['--help', '-h'];

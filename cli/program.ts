import { Command } from 'commander';
import { version } from '../package.json';
import { analyticsCommand } from './analytics';
import { migrateCommand } from './migrate';
import { processManagersCommand } from './process-managers';
import { projectionsCommand } from './projections';
import { usersCommand } from './users-create-admin';
import { readApiCommand } from './read-api';
import { relayCommand } from './relay';
import { seedCommand } from './seed/seed-command';
import { startCommand } from './start';
import { writeApiCommand } from './write-api';

/**
 * The `shopstream` command tree. Each process and operator task registers itself here;
 * commands appear only once they really do their job.
 */
export function buildProgram(): Command {
  const program = new Command('shopstream')
    .description(
      'Shopstream: an event-sourced CQRS commerce backend.\n' +
        'Configuration comes from environment variables; see README.md.',
    )
    .version(version, '-V, --version')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  program.addCommand(startCommand());
  program.addCommand(writeApiCommand());
  program.addCommand(readApiCommand());
  program.addCommand(migrateCommand());
  program.addCommand(usersCommand());
  program.addCommand(projectionsCommand());
  program.addCommand(processManagersCommand());
  program.addCommand(relayCommand());
  program.addCommand(analyticsCommand());
  program.addCommand(seedCommand());
  program.addHelpText(
    'after',
    '\nEvery command accepts --help. Exit code is non-zero on failure, with one line saying why.',
  );
  return program;
}

import { Command } from 'commander';
import { loadConfig } from '../platform/config/config';
import { allProcessManagers, processManagerNamed } from '../process-managers';
import { parkEvent, retryParkedEvent } from '../process-managers/runtime/operations';
import { type ProcessManager } from '../process-managers/runtime/process-manager';
import { type ProcessManagerState, processManagerStates } from '../process-managers/runtime/status';
import { operatorCommand } from './control/operator-command';
import { formatCount } from './progress';
import { processManagersRunAction } from './process-managers-run';
import { withStores } from './stores';
import { eventIdArgument, oneLine, table, write } from './text-output';

/** `shopstream process-managers run|list|park|retry`: operating the saga, expiry and mail. */
export function processManagersCommand(): Command {
  const command = new Command('process-managers').description(
    'Run, inspect and unblock the process managers (reservation saga, expiry, notifications)',
  );
  command
    .command('run')
    .description(
      'Run every process manager and their schedule (health and metrics on PROCESS_MANAGERS_PORT)',
    )
    .action(processManagersRunAction);
  operatorCommand(
    command
      .command('list')
      .description(
        'Each manager with its consumer lag, scheduled actions and the event it is stuck on, then ' +
          'the parked events',
      )
      .option('--json', 'print JSON instead of tables'),
    async (options: { json?: boolean }) => write(await list(options.json === true)),
  );
  operatorCommand(
    command
      .command('park')
      .description('Move the event a manager is stuck on aside, so the manager goes on')
      .argument('<manager>', `the stuck manager (${names()})`)
      .argument('<eventId>', 'the event it is stuck on (`process-managers list` shows it)'),
    async (name: string, eventId: string) => write(await park(name, eventId)),
  );
  operatorCommand(
    command
      .command('retry')
      .description('Re-drive a parked event through its manager once its cause is fixed')
      .argument('<manager>', `the manager that parked it (${names()})`)
      .argument('<eventId>', 'the parked event (`process-managers list` shows it)'),
    async (name: string, eventId: string) => write(await retry(name, eventId)),
  );
  return command;
}

async function list(json: boolean): Promise<string[]> {
  return withStores('process-managers-list', async ({ db }) => {
    const states = await processManagerStates(
      db,
      managers().map((m) => m.name),
    );
    if (json) return [JSON.stringify({ processManagers: states }, null, 2)];
    return [...stateTable(states), '', ...parkedTable(states)];
  });
}

function stateTable(states: readonly ProcessManagerState[]): string[] {
  const rows = states.map((s) => [
    s.name,
    s.lag === null ? '-' : formatCount(s.lag),
    s.reportedAt ?? 'never',
    formatCount(s.scheduled.due),
    formatCount(s.scheduled.waiting),
    formatCount(s.scheduled.retrying),
    formatCount(s.parked.length),
    oneLine(s.failing[0]?.error ?? s.scheduled.lastError ?? '-', 70),
  ]);
  const hints = states.flatMap((s) =>
    s.failing.map(
      (f) =>
        `${s.name} is stuck on event ${f.eventId} (${f.type}, ${f.attempts} attempts); if it can ` +
        `never be handled, \`shopstream process-managers park ${s.name} ${f.eventId}\` moves it aside`,
    ),
  );
  return [
    ...table(
      ['MANAGER', 'LAG', 'LAG REPORTED', 'DUE', 'WAITING', 'RETRYING', 'PARKED', 'LAST ERROR'],
      rows,
    ),
    ...hints,
  ];
}

function parkedTable(states: readonly ProcessManagerState[]): string[] {
  const parked = states.flatMap((s) => s.parked.map((p) => ({ manager: s.name, ...p })));
  if (parked.length === 0) return ['No parked events.'];
  return [
    `Parked events (${parked.length}); \`process-managers retry <manager> <eventId>\` re-drives one:`,
    ...table(
      ['MANAGER', 'EVENT ID', 'TYPE', 'POSITION', 'PARKED AT', 'ERROR'],
      parked.map((p) => [
        p.manager,
        p.eventId,
        p.type,
        p.position,
        p.parkedAt,
        oneLine(p.error, 60),
      ]),
    ),
  ];
}

async function park(name: string, rawEventId: string): Promise<string[]> {
  const manager = known(name);
  const eventId = eventIdArgument(rawEventId, 'process-managers list');
  return withStores('process-managers-park', async ({ db }) => {
    await parkEvent(db, manager.name, eventId);
    return [
      `parked event ${eventId} of ${manager.name}: its worker goes on from its next retry; ` +
        `\`shopstream process-managers retry ${manager.name} ${eventId}\` re-drives it later`,
    ];
  });
}

async function retry(name: string, rawEventId: string): Promise<string[]> {
  const manager = known(name);
  const eventId = eventIdArgument(rawEventId, 'process-managers list');
  return withStores('process-managers-retry', async ({ db, eventStore }) => {
    const reaction = await retryParkedEvent({ db, store: eventStore }, manager, eventId);
    const said = {
      decided: 'handled it; its actions are in the schedule, run by the process-manager workers',
      duplicate: 'found it handled already (its inbox holds it); nothing to do',
      ignored: 'had nothing to do for it',
    }[reaction];
    return [`${manager.name} ${said}; event ${eventId} is no longer parked`];
  });
}

function managers(): ProcessManager<never>[] {
  return allProcessManagers(loadConfig());
}

function known(name: string): ProcessManager<never> {
  const manager = processManagerNamed(managers(), name);
  if (!manager) throw new Error(`unknown process manager "${name}": they are ${names()}`);
  return manager;
}

function names(): string {
  return allProcessManagers({ reservationTtlSeconds: 900 })
    .map((m) => m.name)
    .join(', ');
}

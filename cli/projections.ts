import { hostname } from 'node:os';
import { Command } from 'commander';
import { allProjections, projectionNamed } from '../projections';
import { publishCheckpoint } from '../projections/runtime/checkpoint-notifications';
import { listParked, parkEvent, type ParkedEvent } from '../projections/runtime/dead-letters';
import { type Projection } from '../projections/runtime/projection';
import {
  type RebuildProgress,
  rebuildProjections,
  type RebuildResult,
} from '../projections/runtime/rebuild';
import { type ProjectionState, projectionStates } from '../projections/runtime/status';
import { commandContext } from './command-context';
import { operatorCommand } from './control/operator-command';
import {
  formatCount,
  formatDuration,
  formatRate,
  type ProgressReporter,
  progressOnStderr,
} from './progress';
import { projectionsRunAction } from './projections-run';
import { eventIdArgument, oneLine, table, write } from './text-output';
import { withStores } from './stores';

/** `shopstream projections list|rebuild|park|run`: operating the read models. */
export function projectionsCommand(): Command {
  const projections = new Command('projections').description(
    'Run, inspect, rebuild and unblock the projections that build the read models',
  );
  projections
    .command('run')
    .description(
      'Run every projection, following the event store (health and metrics on PROJECTIONS_PORT)',
    )
    .action(projectionsRunAction);
  operatorCommand(
    projections
      .command('list')
      .description(
        'Each projection with its position, lag, status and last error, then the parked events',
      )
      .option('--json', 'print JSON instead of tables'),
    async (options: { json?: boolean }) => write(await list(options.json === true)),
  );
  operatorCommand(
    projections
      .command('rebuild')
      .description(
        'Rebuild from the first event into fresh tables while the live ones keep serving, then ' +
          'swap them in; shows a progress bar with events/s and ETA on a terminal, log lines otherwise',
      )
      .argument('<name>', `a projection (${names()}) or "all"`),
    async (name: string) => write(await rebuild(name)),
  );
  operatorCommand(
    projections
      .command('park')
      .description(
        'Move the event a projection is failing on to the dead-letter table, so the projection goes on',
      )
      .argument('<name>', `the failing projection (${names()})`)
      .argument('<eventId>', 'the event it is failing on (`projections list` shows it)'),
    async (name: string, eventId: string) => write(await park(name, eventId)),
  );
  return projections;
}

async function list(json: boolean): Promise<string[]> {
  return withStores('projections-list', async ({ db, eventStore }) => {
    const [states, parked] = await Promise.all([projectionStates(db, eventStore), listParked(db)]);
    if (json) return [JSON.stringify({ projections: states, parked }, null, 2)];
    return [...stateTable(states), '', ...parkedTable(parked)];
  });
}

function stateTable(states: readonly ProjectionState[]): string[] {
  const rows = states.map((s) => [
    s.name,
    String(s.version),
    s.status,
    s.position ?? '-',
    formatCount(s.lag),
    formatCount(s.parkedEvents),
    oneLine(s.lastError ?? '-', 80),
  ]);
  const hints = states
    .filter((s) => s.failingEventId !== null)
    .map(
      (s) =>
        `${s.name} is stuck on event ${s.failingEventId}; if it can never apply, ` +
        `\`shopstream projections park ${s.name} ${s.failingEventId}\` skips it`,
    );
  const refusals = states.flatMap((s) =>
    s.refusedBy.map(
      (r) =>
        `worker ${r.ownerId} refuses to run ${s.name}: its code is version ${r.codeVersion}, ` +
        `the tables version ${s.version}; upgrade that worker`,
    ),
  );
  const head = states[0]?.headPosition;
  return [
    ...table(['NAME', 'VERSION', 'STATUS', 'POSITION', 'LAG', 'PARKED', 'LAST ERROR'], rows),
    ...(head ? [`head of the event store: ${head}`] : []),
    ...hints,
    ...refusals,
  ];
}

function parkedTable(parked: readonly ParkedEvent[]): string[] {
  if (parked.length === 0) return ['No parked events.'];
  const rows = parked.map((p) => [
    p.projection,
    p.eventId,
    p.type,
    p.position,
    p.parkedAt.toISOString(),
    oneLine(p.error, 60),
  ]);
  return [
    `Parked events (${parked.length}), skipped by their projection and by rebuilds:`,
    ...table(['PROJECTION', 'EVENT ID', 'TYPE', 'POSITION', 'PARKED AT', 'ERROR'], rows),
  ];
}

async function rebuild(target: string): Promise<string[]> {
  const projections = target === 'all' ? allProjections : [known(target, ', or "all"')];
  return withStores('projections-rebuild', async ({ db, eventStore, coordination }) => {
    const progress = progressOnStderr();
    const started = performance.now();
    progress.log(
      `rebuilding ${projections.map((p) => p.name).join(', ')} from the first event; ` +
        'the live tables keep serving until the swap',
    );
    const report = rebuildReport(progress, projections.length, (name, position) =>
      publishCheckpoint(coordination.pubsub, name, position),
    );
    const results = await rebuildProjections(projections, {
      db,
      store: eventStore,
      leases: coordination.leases,
      ownerId: `shopstream-rebuild-${hostname()}-${process.pid}`,
      onProgress: report.onProgress,
      onSwapped: report.onSwapped,
      signal: commandContext().signal,
    });
    progress.finish();
    return summary(results, report.eventsRead(), performance.now() - started);
  });
}

/**
 * The rebuild's reports as progress: the first report of each phase is always shown (so even a
 * short rebuild logs a line), then as often as the reporter allows. Each swap is logged, and its
 * new checkpoint announced, so read-your-writes waiters of the read API learn it.
 */
function rebuildReport(
  progress: ProgressReporter,
  projections: number,
  announce: (name: string, position: string) => Promise<void>,
) {
  const seen = new Set<RebuildProgress['phase']>();
  let swapped = 0;
  let eventsRead = 0;
  return {
    eventsRead: () => eventsRead,
    onProgress(p: RebuildProgress): void {
      eventsRead = p.eventsRead;
      if (p.phase === 'done') return; // the summary says it
      const label = { replay: 'replaying', 'catch-up': 'catching up', swap: 'swapping' }[p.phase];
      const snapshot = {
        label: p.phase === 'swap' ? `swapped ${swapped}/${projections}` : label,
        done: p.eventsRead,
        total: p.eventsTotal,
        elapsedMs: p.elapsedMs,
      };
      // Swaps are logged one by one already.
      progress.update(snapshot, p.phase !== 'swap' && !seen.has(p.phase));
      seen.add(p.phase);
    },
    async onSwapped(name: string, position: string | null): Promise<void> {
      swapped++;
      progress.log(`${name}: swapped in the new tables at position ${position ?? '(no events)'}`);
      if (position !== null) await announce(name, position);
    },
  };
}

function summary(results: readonly RebuildResult[], eventsRead: number, wallMs: number): string[] {
  const rows = results.map((r) => [
    r.projection,
    String(r.generation),
    formatCount(r.eventsApplied),
    formatDuration(r.applyMs),
    formatRate(r.eventsApplied, r.applyMs),
  ]);
  return [
    ...table(['PROJECTION', 'GENERATION', 'EVENTS APPLIED', 'APPLY TIME', 'RATE'], rows),
    `rebuilt ${results.length} projection${results.length === 1 ? '' : 's'}: ` +
      `${formatCount(eventsRead)} events read in ${formatDuration(wallMs)}, ${formatRate(eventsRead, wallMs)}`,
  ];
}

async function park(name: string, rawEventId: string): Promise<string[]> {
  const projection = known(name);
  const eventId = eventIdArgument(rawEventId, 'projections list');
  return withStores('projections-park', async ({ db }) => {
    // ParkRefusedError says what is wrong (not failing, failing on another event): one line.
    const parked = await parkEvent(db, projection.name, eventId);
    return [
      `parked event ${parked.eventId} (${parked.type} at ${parked.position}) of projection ${parked.projection}: ` +
        'the projection skips it from its next retry on, and so do rebuilds',
      `its error: ${oneLine(parked.error, 200)}`,
    ];
  });
}

function known(name: string, orAll = ''): Projection {
  const projection = projectionNamed(name);
  if (!projection) {
    throw new Error(`unknown projection "${name}": the projections are ${names()}${orAll}`);
  }
  return projection;
}

function names(): string {
  return allProjections.map((p) => p.name).join(', ');
}

import { Command } from 'commander';
import { backfillAnalytics } from '../projections/analytics/backfill';
import { parseInstant } from '../projections/analytics/window';
import { operatorCommand } from './control/operator-command';
import { formatCount, formatDuration, formatRate, progressOnStderr } from './progress';
import { withStores } from './stores';
import { write } from './text-output';

type BackfillOptions = Readonly<{ from?: string; to?: string }>;

/** `shopstream analytics backfill`: recompute a window of the analytics read model. */
export function analyticsCommand(): Command {
  const analytics = new Command('analytics').description('Maintain the analytics read model');
  operatorCommand(
    analytics
      .command('backfill')
      .description(
        'Recompute the analytics buckets of a window from the stored events (after analytics logic ' +
          'changed, or a bucket was damaged); the result equals what the live projection computes',
      )
      .option('--from <date>', 'start, ISO 8601 date or date-time (default: the first event)')
      .option('--to <date>', 'end, exclusive (default: everything the projection has applied)'),
    async (options: BackfillOptions) => write(await backfill(options)),
  );
  return analytics;
}

async function backfill(options: BackfillOptions): Promise<string[]> {
  const from = bound('--from', options.from);
  const to = bound('--to', options.to);
  if (from && to && from.getTime() >= to.getTime()) {
    throw new Error(`--from must be before --to (got ${options.from} and ${options.to})`);
  }
  return withStores('analytics-backfill', async ({ db, eventStore }) => {
    const progress = progressOnStderr();
    const started = performance.now();
    progress.log(`backfilling analytics ${describeWindow(from ?? null, to ?? null)}`);
    let first = true;
    const result = await backfillAnalytics(db, eventStore, { from, to }, ({ eventsRead }) => {
      const elapsedMs = performance.now() - started;
      progress.update({ label: 'reading events', done: eventsRead, elapsedMs }, first);
      first = false;
    });
    progress.finish();
    const wallMs = performance.now() - started;
    return [
      `backfilled analytics ${describeWindow(result.from, result.to)}` +
        `${from || to ? ' (widened to whole hours)' : ''}: ` +
        `${formatCount(result.buckets)} hourly bucket${result.buckets === 1 ? '' : 's'} written ` +
        `from ${formatCount(result.eventsApplied)} ` +
        `of ${formatCount(result.eventsRead)} events read`,
      `consistent with position ${result.position ?? '(no events)'}; took ${formatDuration(wallMs)}, ` +
        formatRate(result.eventsRead, wallMs),
    ];
  });
}

/** ISO 8601, as the read API's from/to; without an offset a time means UTC. */
function bound(option: '--from' | '--to', text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const parsed = parseInstant(text);
  if (!parsed) {
    throw new Error(
      `${option} must be an ISO 8601 date (2025-05-01) or date-time (2025-05-01T10:00:00Z), got "${text}"`,
    );
  }
  return parsed;
}

function describeWindow(from: Date | null, to: Date | null): string {
  const start = from ? from.toISOString() : 'the first event';
  const end = to ? to.toISOString() : 'the projection’s checkpoint';
  return `from ${start} to ${end}`;
}

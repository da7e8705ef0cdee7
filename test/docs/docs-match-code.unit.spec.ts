import { commandProblem } from '../compose/code-surface';
import {
  codeIn,
  isRegistered,
  metricsNamedIn,
  readDocument,
  shopstreamCommandsIn,
} from './doc-references';
import { metricsShopstreamDefines, metricsTheCodeRegisters } from './registered-metrics';

/**
 * The operator's pages name metrics to alert on and commands to run; both are copied into alert
 * rules and terminals as written. A metric renamed or a command reshaped in the code makes these
 * fail until the pages say the same.
 */
const DOCUMENTS = ['docs/OPERATIONS.md', 'docs/ARCHITECTURE.md', 'README.md'];

describe('the docs against the code', () => {
  const registered = metricsTheCodeRegisters();

  describe.each(DOCUMENTS)('%s', (document) => {
    const code = codeIn(readDocument(document));

    it('names only metrics the code registers', () => {
      const unknown = metricsNamedIn(code, registered).filter(
        (name) => !isRegistered(name, registered),
      );
      expect(unknown).toEqual([]);
    });

    it('names only shopstream commands and options the CLI has', () => {
      const problems = shopstreamCommandsIn(code)
        .map((words) => [words.join(' '), commandProblem(words, undefined, { mention: true })])
        .filter(([, problem]) => problem !== undefined);
      expect(problems).toEqual([]);
    });
  });

  it('OPERATIONS.md says something of every metric Shopstream defines', () => {
    const named = new Set(
      codeIn(readDocument('docs/OPERATIONS.md')).flatMap((text) => text.match(/\w+/g) ?? []),
    );
    // A histogram is said by any of its series (alerts read `_bucket`).
    const said = (name: string) =>
      ['', '_bucket', '_sum', '_count'].some((s) => named.has(name + s));
    expect(metricsShopstreamDefines().filter((name) => !said(name))).toEqual([]);
  });

  describe('the checks themselves', () => {
    it('find metric names in spans and blocks, and catch a misspelt one', () => {
      const code = codeIn(
        [
          'Alert on `projection_lag_event` and `relay_lag_seconds`,',
          'not on the `projection_checkpoints` table or the `event_store` schema.',
          '```promql',
          'increase(orders_placed_total[5m]) > 0',
          '```',
        ].join('\n'),
      );
      const named = metricsNamedIn(code, registered);
      expect(named.sort()).toEqual([
        'orders_placed_total',
        'projection_lag_event',
        'relay_lag_seconds',
      ]);
      expect(named.filter((name) => !isRegistered(name, registered)).sort()).toEqual([
        'orders_placed_total',
        'projection_lag_event',
      ]);
    });

    it('read a family as every metric with its prefix', () => {
      expect(isRegistered('process_manager_*', registered)).toBe(true);
      expect(isRegistered('order_saga_*', registered)).toBe(false);
    });

    it('read commands with placeholders, options, alternatives and a wrapped span', () => {
      const code = codeIn(
        [
          'Run `shopstream projections rebuild <name|all>` or `shopstream process-managers',
          'list|park` and `shopstream analytics backfill [--from <date>] # comment`.',
          '```sh',
          'npx shopstream relay status --json | jq .lagEvents',
          '```',
        ].join('\n'),
      );
      expect(shopstreamCommandsIn(code)).toEqual([
        ['relay', 'status', '--json'],
        ['projections', 'rebuild', '<name|all>'],
        ['process-managers', 'list'],
        ['process-managers', 'park'],
        ['analytics', 'backfill', '--from', '<date>'],
      ]);
    });

    it('refuse a misspelt command, an unknown option and an argument too many', () => {
      const mention = { mention: true };
      expect(commandProblem(['projections', 'rebuld', 'all'], undefined, mention)).toMatch(
        /no subcommand "rebuld"/,
      );
      expect(commandProblem(['analytics', 'backfill', '--since', 'x'], undefined, mention)).toMatch(
        /no option --since/,
      );
      expect(commandProblem(['projections', 'rebuild', 'all', 'now'], undefined, mention)).toMatch(
        /takes no argument "now"/,
      );
      expect(commandProblem(['projections', 'park'], undefined, mention)).toBeUndefined();
      expect(commandProblem(['projections', 'park'])).toMatch(/needs <name> <eventId>/);
    });
  });
});

import { type ForeignLoad, noisyNote } from '../support/measure';
import { type EventStoreBenchConfig } from './config';
import { type Results } from './results';
import { SUBJECTS } from './store-under-test';

/** How the numbers were made, and anything in this run that qualifies them. */
export function notes(
  results: Results,
  config: EventStoreBenchConfig,
  checkpointed: boolean,
): string[] {
  const { single, concurrent, batched, read } = config;
  const notes = [
    'Each store runs in a Node process of its own (child_process.fork). Emmett’s dumbo replaces ' +
      'pg’s process-wide int8/json parsers; in its own process that cannot reach our store ' +
      '(whose queries pin their own parsers anyway).',
    `A fresh database per store on the same server, dropped afterwards; pg.Pool max ` +
      `${config.poolSize} for every store. Every phase runs in rounds (appends ` +
      `${single.rounds}/${concurrent.rounds}/${batched.rounds}, read ${read.rounds}, live ` +
      `${config.live.rounds}) of one slice per store, order rotating, CHECKPOINT before each ` +
      `round; append slices warm up, then measure (1 writer ${single.durationMs} ms, ` +
      `${concurrent.writers} writers ${concurrent.durationMs} ms, batches ${batched.durationMs} ms).`,
    "Appends: every writer owns its streams. Ours: 'no-stream', then the exact revision. Emmett: " +
      'expectedStreamVersion, exact. Ceiling: INSERT ... SELECT FROM unnest into a copy of our ' +
      'events table (same columns and indexes), no check at all.',
    `$all read: stores topped up to ${read.events.toLocaleString('en-US')} events, VACUUM ` +
      `(ANALYZE), one warm-up read, then read from the start, each round going on where the last ` +
      `stopped, in batches of ${read.batchSize}: ours readAll, Emmett ` +
      'readMessagesBatch, ceiling a keyset SELECT on (transaction_id, position); pg parses the ' +
      'JSON in all three.',
    'Live: each round a new subscriber on a second store instance, then appends at ' +
      `${config.live.ratePerSecond}/s. Ours: subscribeToAll (wake-up by LISTEN/NOTIFY, 1 s fallback ` +
      'poll). Emmett: store.consumer() with one reactor, on defaults: it polls readMessagesBatch, ' +
      'sleeping 50 ms after a full batch and 100 ms doubling to 1 s after a short one, and stores ' +
      'its checkpoint per message. Ceiling: n/a (no live mechanism).',
  ];
  if (!checkpointed) notes.push('CHECKPOINT was not permitted: phases ran without it.');
  for (const subject of SUBJECTS) {
    const { read, live } = results[subject];
    if (read.eventsRead < read.expected) {
      notes.push(
        `${subject}: the $all read returned ${read.eventsRead} of ${read.expected} events: its ` +
          'position checkpoint is the sequence alone while rows come in transaction-id order, so ' +
          'rows that committed out of sequence order are skipped (see docs/EVENT-STORE.md).',
      );
    }
    if (live && live.missing > 0) {
      notes.push(
        `${subject}: ${live.missing} live events were not delivered within the settle time.`,
      );
    }
  }
  const noisy = noisyNote(
    foreignLoad(results),
    'interleaving spreads that over all stores, but absolute numbers suffer',
    'processes outside the benchmark and its server used',
  );
  if (noisy) notes.push(noisy);
  return notes;
}

function foreignLoad(results: Results): ForeignLoad[] {
  const loads: ForeignLoad[] = [];
  for (const subject of SUBJECTS) {
    const r = results[subject];
    const phases = {
      '1 writer': r.single.cpu,
      'concurrent writers': r.concurrent.cpu,
      'batched appends': r.batched.cpu,
      '$all read': r.read.cpu,
      live: r.live?.cpu ?? null,
    };
    for (const [phase, cpu] of Object.entries(phases)) {
      if (cpu) loads.push({ cores: cpu.otherCores, where: `${subject}, ${phase}` });
    }
  }
  return loads;
}

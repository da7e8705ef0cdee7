import os from 'node:os';
import { type ForeignLoad, noisyNote } from '../support/measure';
import { type SagaBenchConfig } from './config';
import { type TopologyRun } from './session';
import { HOPS } from './timeline';
import { type WindowResult } from './window';

/** What a reader needs to judge the tables, and what the numbers say limits the latency. */
export function sagaNotes(runs: readonly TopologyRun[], config: SagaBenchConfig): string[] {
  const { sweep, control } = config.poll;
  const notes = [
    `Everything shares this machine's ${os.cpus().length} cores: the benchmark process (arrivals ` +
      'and polling), the shopstream processes, PostgreSQL, Kafka, Redis and the SMTP sink.',
    `Open loop: order i is sent at start + i/rate whatever the earlier ones are doing; ` +
      `${config.warmupSeconds} s of warm-up arrivals, then ${config.windowSeconds} s measured, ` +
      `then up to ${config.drainSeconds} s for the window's orders to resolve. Customers pick 1 to ` +
      `${config.maxLines} of ${config.products} products (stock ${config.stockPerProduct.toLocaleString('en-US')} ` +
      `each), 1 to 3 of each, as one of ${config.customers} customers registered through the API.`,
    `Observed by a sweep: as the admin, GET /orders?status=confirmed pages newest first until ` +
      "they pass the oldest pending order's send time, one sweep every " +
      `${sweep.intervalMs} ms or, when the read API is slower, as soon as the last one ended (never ` +
      'two at once). "resolution" ' +
      'is the time from the sweep before to the one that listed the order: the most observing can ' +
      `have added. Control: one order in ${control.every} is also polled alone with GET ` +
      `/orders/{id} (every max(${control.minIntervalMs} ms, ${control.ageFraction} x its age)); ` +
      '"sweep - control" compares the two for the same order. Costs in the observing table.',
    'Hops (timestamps from the stores, one clock): relay = from the previous step to the relay ' +
      "publishing the event (Kafka's record timestamp, or bus_messages.published_at embedded); " +
      "deliver = published to the saga's decision transaction beginning (pm_inbox.handled_at): " +
      'consumer fetch, waiting behind earlier messages of the partition, lookups; reserve stock = ' +
      'decision on OrderPlaced to the ReserveStock command that answered last starting (the ' +
      "decision's commit, the claim, the lines before it); confirm = decision on that StockReserved " +
      'to ConfirmOrder starting; project + read = ConfirmOrder starting to the poll showing ' +
      'confirmed (its append, the orders projection, the polling). Event times are when their ' +
      "command started, so each relay hop also holds that command's append.",
  ];
  for (const run of runs) {
    if (run.timelineError) notes.push(`${run.kind}: no per-hop breakdown (${run.timelineError}).`);
    if (run.ladderError) {
      notes.push(
        `${run.kind}: the ladder stopped early, at a window that failed: ${run.ladderError}.`,
      );
    }
    const cost = cpuPerOrder(run);
    if (cost) notes.push(cost);
    const inventory = run.inventoryStreams;
    if (inventory && inventory.streams > 0) {
      notes.push(
        `${run.kind}: by the end the ${inventory.streams} inventory streams held ` +
          `${inventory.meanEvents.toFixed(0)} events on average (${inventory.maxEvents} at most); ` +
          "every ReserveStock reads and folds its product's whole stream.",
      );
    }
    const batching = run.windows
      .filter((w) => w.hops?.placedPerDecision)
      .map((w) => `${w.rate}/s ${w.hops?.placedPerDecision}`);
    if (batching.length > 0) {
      notes.push(
        `${run.kind}: OrderPlaced events per saga decision transaction (a fetched batch is ` +
          `decided in one): ${batching.join(', ')}.`,
      );
    }
    const at = run.windows.find((w) => w.rate === config.target.rate) ?? run.windows[0];
    const limit = dominantHop(at);
    if (limit) notes.push(`${run.kind} at ${at.rate} orders/s: ${limit}`);
  }
  const noisy = noisyNote(foreignLoad(runs));
  if (noisy) notes.push(noisy);
  return notes;
}

/**
 * What an order costs in CPU across the topology's processes (and PostgreSQL, Kafka, Redis),
 * beyond what they use with no orders at all, in the highest window that held (the lowest one
 * when none did); and the rate at which that would fill the cores the topology can use.
 */
function cpuPerOrder(run: TopologyRun): string | null {
  const byRate = [...run.windows].sort((a, b) => a.rate - b.rate);
  const w = byRate.filter((x) => x.held).at(-1) ?? byRate[0];
  if (!w || w.orders === 0 || !w.probe.cpu || !run.idle.cpu) return null;
  const busy = (cpu: NonNullable<WindowResult['probe']['cpu']>) =>
    cpu.shopstreamCores + cpu.servicesCores + (cpu.serverCores ?? 0);
  const fixed = busy(run.idle.cpu);
  const msPerOrder = ((busy(w.probe.cpu) - fixed) * w.windowSeconds * 1_000) / w.orders;
  // Embedded: PGlite, the HTTP apps and the workers share the process's one JavaScript thread.
  const usable = run.kind === 'embedded' ? 1 : os.cpus().length;
  const where =
    run.kind === 'embedded'
      ? 'in the one process, nearly all on its main thread'
      : 'across the five processes, PostgreSQL, Kafka, Redis and the mail sink';
  return (
    `${run.kind} @${w.rate}/s${w.held ? '' : ' (did not hold)'}: with no orders the processes ` +
    `use ${fixed.toFixed(2)} cores; each order adds ${msPerOrder.toFixed(0)} ms of CPU ${where} ` +
    `(the read API's share includes the sweeps); ${usable} core${usable > 1 ? 's' : ''} ` +
    `would be full near ${(((usable - fixed) * 1_000) / msPerOrder).toFixed(0)} orders/s.`
  );
}

/** The hops by their share of the mean latency, largest first. */
function dominantHop(w: WindowResult | undefined): string | null {
  if (!w?.hops || w.hops.orders === 0) return null;
  const breakdown = w.hops;
  const means = HOPS.map((hop) => ({ hop, mean: breakdown.hops[hop].mean ?? 0 }));
  const total = means.reduce((sum, { mean }) => sum + mean, 0);
  const largest = means
    .sort((a, b) => b.mean - a.mean)
    .slice(0, 3)
    .map(({ hop, mean }) => `${hop} ${mean.toFixed(1)} ms (${Math.round((mean / total) * 100)}%)`);
  return `of a mean ${total.toFixed(1)} ms, the largest hops are ${largest.join(', ')}.`;
}

function foreignLoad(runs: readonly TopologyRun[]): ForeignLoad[] {
  return runs
    .flatMap((r) => r.windows)
    .flatMap((w) =>
      w.probe.cpu ? [{ cores: w.probe.cpu.otherCores, where: `${w.topology} @${w.rate}/s` }] : [],
    );
}

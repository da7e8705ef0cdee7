import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { type Distribution, distribution } from '../support/measure';

/**
 * One autocannon run with a measured window inside it: warm-up, window, a short tail. Load never
 * pauses at the window's edges, so the server is in the same steady state when the window opens
 * and closes; counters read at both edges (CPU, queries) are then fair per response. A separate
 * warm-up run would leave its in-flight requests running into the window, billed to it.
 */
export type LoadResult = Readonly<{
  connections: number;
  /** Wall time between the window's edges. */
  durationSeconds: number;
  /** Responses received inside the window, whatever their status. */
  responses: number;
  requestsPerSecond: number;
  /** Of the window's responses, from autocannon's per-request timer (sub-millisecond). */
  latencyMs: Distribution;
  /** Whole run, warm-up and tail included: any of these invalidates it. */
  non2xx: number;
  /** Connection errors, timeouts included (whole run). */
  errors: number;
  statusCodes: Readonly<Record<string, number>>;
  /** The first response that was not 2xx, for the error message. */
  firstFailure: { status: number; body: string } | null;
}>;

export type LoadSpec = Readonly<{
  url: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** autocannon request templates; a `setupRequest` builds each request's body and headers. */
  requests: autocannon.Request[];
}>;

/** Called at the window's edges to read counters; the load keeps running meanwhile. */
export type WindowEdges = Readonly<{ open(): Promise<void>; close(): Promise<void> }>;

/** Load keeps running this long after the window closes, while its counters are read. */
const TAIL_SECONDS = 0.5;

export function runLoad(spec: LoadSpec, edges: WindowEdges): Promise<LoadResult> {
  const latencies: number[] = [];
  let firstFailure: LoadResult['firstFailure'] = null;
  let phase: 'warmup' | 'window' | 'tail' = 'warmup';
  let opened = 0;
  let closed = 0;

  const requests = spec.requests.map((request) => ({
    ...request,
    onResponse: (status: number, body: string) => {
      if ((status < 200 || status >= 300) && !firstFailure) {
        firstFailure = { status, body: body.slice(0, 500) };
      }
    },
  }));

  return new Promise((resolve, reject) => {
    const edgesDone: Promise<void>[] = [];
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.warmupSeconds + spec.seconds + TAIL_SECONDS,
        requests,
        // A request slower than this is a failure, not a latency to average in.
        timeout: 30,
      },
      (error: unknown, result: autocannon.Result) => {
        clearTimeout(openTimer);
        clearTimeout(closeTimer);
        const finish = () => {
          if (error || phase !== 'tail') {
            throw error ?? new Error('autocannon ended before the window closed');
          }
          const durationSeconds = (closed - opened) / 1_000;
          return {
            connections: spec.connections,
            durationSeconds,
            responses: latencies.length,
            requestsPerSecond: latencies.length / durationSeconds,
            latencyMs: distribution(latencies),
            non2xx: result.non2xx,
            errors: result.errors,
            statusCodes: Object.fromEntries(
              Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]),
            ),
            firstFailure,
          };
        };
        Promise.all(edgesDone)
          .then(finish)
          .then(resolve, (reason: unknown) =>
            reject(reason instanceof Error ? reason : new Error(String(reason))),
          );
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime: number) => {
      if (phase === 'window') latencies.push(responseTime);
    });

    const edge = (next: 'window' | 'tail', read: () => Promise<void>) => {
      if (next === 'window') opened = performance.now();
      else closed = performance.now();
      phase = next;
      // A failed read stops the load at once; the run then rejects with it.
      const done = read().catch((error: unknown) => {
        instance.stop();
        throw error;
      });
      done.catch(() => undefined); // awaited when autocannon is done; not unhandled till then
      edgesDone.push(done);
    };
    const openTimer = setTimeout(() => edge('window', edges.open), spec.warmupSeconds * 1_000);
    const closeTimer = setTimeout(
      () => edge('tail', edges.close),
      (spec.warmupSeconds + spec.seconds) * 1_000,
    );
  });
}

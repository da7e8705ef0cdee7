import { sleep } from '../support/measure';
import { now } from './order-record';
import { type Apis, type Shop } from './shop';

export type Settled = Readonly<{
  seconds: number;
  /** False when the pipeline still had work when the wait ran out. */
  idle: boolean;
  /** What was still outstanding at the last look. */
  detail: string;
}>;

type Pipeline = {
  relay?: { lagEvents?: number };
  processManagers?: {
    name: string;
    lag: number | null;
    reportedAt: string | null;
    scheduled?: { due?: number };
  }[];
};
type ProjectionState = { name: string; lag: number };

/**
 * Waits until the asynchronous half has nothing left to do, as the operations endpoints of the
 * read API report it (GET /process-managers, GET /projections): the relay and every projection
 * at the head of the store, no action due, and every manager's consumer lag, reported by its
 * worker after the wait began, at zero. So a window never starts on the previous one's backlog.
 */
export async function settle(apis: Apis, shop: Shop, timeoutMs: number): Promise<Settled> {
  const started = now();
  let detail = 'not asked yet';
  for (;;) {
    const token = shop.adminToken;
    // An overloaded process may not answer in time: that is "not idle yet", not a failed run.
    const [pipeline, projections] = await Promise.all([
      askOperations(apis, '/api/v1/process-managers', token),
      askOperations(apis, '/api/v1/projections', token),
    ]);
    if (pipeline.status === 200 && projections.status === 200) {
      detail = outstanding(
        pipeline.body as Pipeline,
        projections.body as ProjectionState[],
        started,
      );
      if (detail === '')
        return { seconds: round((now() - started) / 1_000), idle: true, detail: 'idle' };
    } else {
      detail = `operations endpoints answered ${pipeline.status} / ${projections.status}`;
    }
    if (now() - started > timeoutMs) {
      return { seconds: round((now() - started) / 1_000), idle: false, detail };
    }
    await sleep(500);
  }
}

async function askOperations(
  apis: Apis,
  path: string,
  token: string,
): Promise<{ status: number | string; body: unknown }> {
  try {
    return await apis.read.send('GET', path, { token, timeoutMs: 10_000 });
  } catch (error) {
    return { status: error instanceof Error ? error.message : String(error), body: null };
  }
}

function outstanding(pipeline: Pipeline, projections: ProjectionState[], since: number): string {
  const parts: string[] = [];
  const relayLag = pipeline.relay?.lagEvents ?? 0;
  if (relayLag > 0) parts.push(`relay ${relayLag} events behind`);
  for (const p of projections) if (p.lag > 0) parts.push(`projection ${p.name} ${p.lag} behind`);
  for (const m of pipeline.processManagers ?? []) {
    const reported = m.reportedAt ? Date.parse(m.reportedAt) : 0;
    if ((m.lag ?? 0) > 0 || reported < since) parts.push(`${m.name} lag ${m.lag ?? '?'}`);
    if ((m.scheduled?.due ?? 0) > 0) parts.push(`${m.name} ${m.scheduled?.due} actions due`);
  }
  return parts.join(', ');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

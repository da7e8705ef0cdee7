import { redact } from '../../config/parse';

/**
 * Readiness checks: one async probe per dependency (event store, Postgres, Redis, Kafka). A
 * probe passes when it resolves and fails when it rejects or outlives its time budget, so one
 * hung dependency cannot hang the probe endpoint too.
 */
export type HealthCheck = () => Promise<unknown>;
export type HealthChecks = Readonly<Record<string, HealthCheck>>;

export type CheckResult =
  | { status: 'ok'; durationMs: number }
  | { status: 'degraded' | 'down'; durationMs: number; error: string };

/** `degraded`: every dependency answers, but one check found it impaired (DegradedError). */
export type Readiness = { ready: boolean; degraded: boolean; checks: Record<string, CheckResult> };

/**
 * Thrown by a check whose dependency answers but works badly (a stalled event store). The
 * process stays ready: taking it out of rotation would not help, and the condition is usually
 * shared by every instance, so failing readiness would take them all out at once.
 */
export class DegradedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DegradedError';
  }
}

export const DEFAULT_CHECK_TIMEOUT_MS = 3000;

export async function runHealthChecks(
  checks: HealthChecks,
  timeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(checks).map(
      async ([name, check]) => [name, await run(check, timeoutMs)] as const,
    ),
  );
  return {
    ready: entries.every(([, result]) => result.status !== 'down'),
    degraded: entries.some(([, result]) => result.status === 'degraded'),
    checks: Object.fromEntries(entries),
  };
}

async function run(check: HealthCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(check), timeout]);
    return { status: 'ok', durationMs: elapsed() };
  } catch (error) {
    // Operators read this in the probe's answer; a driver's message may quote a URL with its
    // password, hence the redaction.
    const message = error instanceof Error ? error.message : String(error);
    const status = error instanceof DegradedError ? 'degraded' : 'down';
    return { status, durationMs: elapsed(), error: redact(message) };
  } finally {
    clearTimeout(timer);
  }
}

import { createHash } from 'node:crypto';

/**
 * The retry policy of a notification's sends: 12 attempts, waiting 1 s after the first failure
 * and doubling to at most 5 minutes, about 18 minutes of trying in all, enough to ride out a
 * mail server's restart or a short outage before the mail shows as `failed`.
 */
export const MAX_SEND_ATTEMPTS = 12;
export const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 5 * 60_000;
/** ±20%: mails that failed together (the server was down) do not all retry in the same second. */
export const JITTER = 0.2;

/** Whether a failed attempt gets another one. */
export const willRetry = (attempt: number): boolean => attempt < MAX_SEND_ATTEMPTS;

/**
 * How long to wait after failed attempt `attempt` (1-based). The jitter is derived from the
 * notification id and the attempt, not drawn at random, so a schedule can be asserted exactly
 * and a re-run of the same failure schedules the same retry.
 */
export function retryDelayMs(notificationId: string, attempt: number): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_MS);
  return Math.round(base * (1 + JITTER * (2 * unitFraction(`${notificationId}#${attempt}`) - 1)));
}

/** A fraction in [0, 1) from a hash of the key. */
function unitFraction(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

import { type ApiClient } from './api-client';
import { type PhaseProgress } from './phase-progress';
import { type Session } from './session';

/** What every phase of a seed run works with. */
export type SeedContext = Readonly<{
  write: ApiClient;
  read: ApiClient;
  /** Requests in flight at most, per phase. */
  concurrency: number;
  progress: PhaseProgress;
  /** Creates products, ships and delivers. */
  admin: Session;
}>;

/** How long seed waits for an asynchronous result (a stock record opened, an order decided). */
export const DECISION_TIMEOUT_MS = 60_000;

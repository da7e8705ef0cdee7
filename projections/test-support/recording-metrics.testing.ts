import { type ProjectionMetrics } from '../runtime/projection-metrics';

/** Projection metrics that count, so a test can say "no run ended in a conflict". */
export function recordingMetrics(label = 'worker', log: string[] = []) {
  const seen = { events: 0, conflicts: 0, failures: 0 };
  const metrics: ProjectionMetrics = {
    batchApplied: (_projection, events) => void (seen.events += events),
    failure: () => void (seen.failures += 1),
    conflict: () => {
      seen.conflicts += 1;
      log.push(label);
    },
  };
  return { seen, metrics, log };
}

import { type EventStore } from '../../event-store/port';
import { DegradedError, type HealthChecks } from './health-checks';

/**
 * The event store's readiness: it answers (`eventStore`, down when not), and no transaction
 * has held a write id for `stallSeconds` or more (`eventStoreStall`, degraded when one has:
 * subscribers and read-your-writes waits are held back until it ends; docs/EVENT-STORE.md).
 */
export function eventStoreChecks(store: EventStore, stallSeconds: number): HealthChecks {
  return {
    eventStore: () => store.headPosition(),
    async eventStoreStall() {
      const age = await store.oldestInFlightWriteAgeSeconds();
      if (age >= stallSeconds) {
        throw new DegradedError(
          `a transaction has held a write id for ${age.toFixed(1)} s (threshold ${stallSeconds} s): ` +
            'new events reach no subscriber until it ends',
        );
      }
    },
  };
}

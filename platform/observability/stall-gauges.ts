import { Gauge, type Registry } from 'prom-client';
import { type EventStore } from '../event-store/port';

const OLDEST_WRITE = 'event_store_oldest_in_flight_write_age_seconds';
const HELD_BACK = 'event_store_held_back_events';

/**
 * What a stalled cluster looks like from a subscriber (docs/EVENT-STORE.md, "The stall risk"):
 * the age of the oldest transaction holding a write id, which holds every subscriber back, and
 * the committed events waiting behind it. Read when Prometheus scrapes. Registered once per
 * registry, so every worker of a process (projections, relay) may ask for them.
 */
export function registerStallGauges(registry: Registry, store: EventStore): void {
  if (registry.getSingleMetric(OLDEST_WRITE)) return;
  new Gauge({
    name: OLDEST_WRITE,
    help: 'Age of the oldest transaction holding a write id on the event store’s cluster (0: none); it holds every subscriber back.',
    registers: [registry],
    async collect() {
      this.set(await store.oldestInFlightWriteAgeSeconds());
    },
  });
  new Gauge({
    name: HELD_BACK,
    help: 'Committed events no subscriber may read yet, because an older transaction is still in flight.',
    registers: [registry],
    async collect() {
      this.set(await store.countHeldBackEvents());
    },
  });
}

/** The relay: every stored event, redacted, to the integration bus (docs/ARCHITECTURE.md). */
export { createRelayMetrics, type RelayMetrics } from './relay-metrics';
export { DEFAULT_RELAY_SETTINGS, type RelaySettings } from './relay-runner';
export { relayStatus, type RelayStatus } from './relay-status';
export { type Relay, type RelayOptions, startRelay } from './start-relay';

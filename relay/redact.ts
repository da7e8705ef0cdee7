import { type RecordedEvent } from '../platform/event-store/port';

/**
 * What never leaves the event store. Integration events go to other teams' consumers and to
 * Kafka's retention, so credentials are removed from their data before publishing:
 * - password hashes: `UserRegistered.passwordHash`, `UserPasswordChanged.passwordHash`;
 * - refresh-token hashes: `SessionStarted.tokenHash`, `RefreshTokenRotated.tokenHash` and
 *   `previousTokenHash`.
 * Those are matched by name rather than by event type, so a field added later under a name
 * of the same kind (`…Hash`, `…Hashes`, a password, a token or a secret) is removed too. The
 * field is dropped, not masked: a consumer cannot mistake a placeholder for a value.
 */
const SECRET_FIELD = /(hash|password|token|secret)(e?s)?$/i;

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** The event with every secret field removed from its data, at any depth. */
export function redactForPublication(event: RecordedEvent): RecordedEvent {
  return { ...event, data: withoutSecrets(event.data) as Record<string, unknown> };
}

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!isSecretField(key)) copy[key] = withoutSecrets(item);
  }
  return copy;
}

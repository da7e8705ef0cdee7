import { type DomainEvent } from '../domain/event-schemas';
import { type RecordedEvent } from '../platform/event-store/port';
import { toBusMessage } from '../platform/bus/integration-event';
import { isSecretField, redactForPublication } from './redact';

const PASSWORD_HASH = 'scrypt$16384$8$1$c2FsdA$aGFzaC1vZi10aGUtcGFzc3dvcmQ';
const TOKEN_HASH = 'sha256:7f3a0b9e5c1d2f4a6b8c0d2e4f6a8b0c';
const PREVIOUS_TOKEN_HASH = 'sha256:0b9e5c1d2f4a6b8c0d2e4f6a8b0c7f3a';

/** Typed as domain events, so a renamed field breaks this test at compile time. */
const withSecrets: DomainEvent[] = [
  {
    type: 'UserRegistered',
    data: {
      userId: 'u-1',
      email: 'Ann@Example.test',
      normalisedEmail: 'ann@example.test',
      name: 'Ann',
      passwordHash: PASSWORD_HASH,
      roles: ['customer'],
      registeredAt: '2026-01-01T00:00:00.000Z',
    },
  },
  {
    type: 'UserPasswordChanged',
    data: { userId: 'u-1', passwordHash: PASSWORD_HASH, changedAt: '2026-01-02T00:00:00.000Z' },
  },
  {
    type: 'SessionStarted',
    data: {
      familyId: 'f-1',
      userId: 'u-1',
      tokenHash: TOKEN_HASH,
      expiresAt: '2026-02-01T00:00:00.000Z',
      startedAt: '2026-01-01T00:00:00.000Z',
    },
  },
  {
    type: 'RefreshTokenRotated',
    data: {
      familyId: 'f-1',
      tokenHash: TOKEN_HASH,
      previousTokenHash: PREVIOUS_TOKEN_HASH,
      expiresAt: '2026-02-01T00:00:00.000Z',
      rotatedAt: '2026-01-01T01:00:00.000Z',
    },
  },
];

function recorded(event: DomainEvent, streamName = 'user-u-1'): RecordedEvent {
  return {
    eventId: '00000000-0000-4000-8000-000000000001',
    type: event.type,
    data: event.data as unknown as Record<string, unknown>,
    metadata: {
      correlationId: 'c',
      causationId: 'c',
      userId: null,
      occurredAt: '2026-01-01T00:00:00.000Z',
      schemaVersion: 1,
    },
    streamName,
    revision: 0n,
    position: '00000000000000000001-00000000000000000001',
  };
}

describe('redaction before publishing', () => {
  it.each(withSecrets.map((event) => [event.type, event] as const))(
    'leaves no password or refresh-token hash in a published %s',
    (_type, event) => {
      const message = toBusMessage(redactForPublication(recorded(event)), 'shopstream.');
      for (const secret of [PASSWORD_HASH, TOKEN_HASH, PREVIOUS_TOKEN_HASH]) {
        expect(message.value).not.toContain(secret);
        expect(Object.values(message.headers)).not.toContain(secret);
      }
    },
  );

  it('drops exactly the secret fields and keeps the rest as it was', () => {
    const [registered, , , rotated] = withSecrets;
    expect(redactForPublication(recorded(registered)).data).toEqual({
      userId: 'u-1',
      email: 'Ann@Example.test',
      normalisedEmail: 'ann@example.test',
      name: 'Ann',
      roles: ['customer'],
      registeredAt: '2026-01-01T00:00:00.000Z',
    });
    expect(redactForPublication(recorded(rotated, 'session-f-1')).data).toEqual({
      familyId: 'f-1',
      expiresAt: '2026-02-01T00:00:00.000Z',
      rotatedAt: '2026-01-01T01:00:00.000Z',
    });
  });

  it('removes secret-named fields at any depth, and does not touch the stored event', () => {
    const event = recorded({
      type: 'UserRenamed',
      data: { userId: 'u-1', name: 'Ann', renamedAt: 'x' },
    });
    const nested = {
      ...event,
      data: { outer: { spentTokenHashes: ['a'], keep: 1, list: [{ secret: 's', ok: true }] } },
    };
    expect(redactForPublication(nested).data).toEqual({
      outer: { keep: 1, list: [{ ok: true }] },
    });
    expect(nested.data.outer.spentTokenHashes).toEqual(['a']);
  });

  it('passes events without secrets through unchanged', () => {
    const event = recorded({
      type: 'UserRenamed',
      data: { userId: 'u-1', name: 'Ann', renamedAt: '2026-01-01T00:00:00.000Z' },
    });
    expect(redactForPublication(event)).toEqual(event);
  });

  it.each([
    ['passwordHash', true],
    ['previousTokenHash', true],
    ['refreshToken', true],
    ['clientSecret', true],
    ['hashtag', false],
    ['trackingNumber', false],
    ['tokenExpiresAt', false],
  ])('treats a field named %s as secret: %s', (name, secret) => {
    expect(isSecretField(name)).toBe(secret);
  });
});

import { eventSchemas } from '../event-schemas';
import { fold } from '../shared/decider';
import { upcast, upcastEvent } from '../shared/schema';
import {
  type NotificationEvent,
  type NotificationRequestedV1Data,
  notificationDecider,
  notificationEventSchemas,
} from './index';

/** What a store hands back: data plus the schema version it was written with. */
type Stored = {
  type: NotificationEvent['type'];
  data: Record<string, unknown>;
  schemaVersion: number;
};

const v1Requested: NotificationRequestedV1Data = {
  notificationId: 'n-old',
  template: 'welcome',
  to: 'old@example.com',
  subject: 'Welcome',
  userId: 'u-old',
  triggerEventId: 'e-old',
  requestedAt: '2024-05-01T00:00:00.000Z',
};

// Through the registry the stores use, so a v2 that is not registered there fails here too.
const read = (stored: Stored[]): NotificationEvent[] =>
  stored.map(
    ({ type, data, schemaVersion }) =>
      ({ type, data: upcastEvent(eventSchemas, type, data, schemaVersion) }) as NotificationEvent,
  );

describe('NotificationRequested upcasting', () => {
  it('writes version 2 and lifts v1 data with no variables', () => {
    expect(eventSchemas.NotificationRequested.version).toBe(2);
    expect(upcast(notificationEventSchemas.NotificationRequested, v1Requested, 1)).toEqual({
      ...v1Requested,
      variables: {},
    });
  });

  it('leaves current-version data untouched', () => {
    const v2 = { ...v1Requested, variables: { name: 'Ann' } };
    expect(upcast(notificationEventSchemas.NotificationRequested, v2, 2)).toEqual(v2);
  });

  it('folds a v1 request followed by v1 outcomes', () => {
    const state = fold(
      notificationDecider,
      read([
        { type: 'NotificationRequested', data: v1Requested, schemaVersion: 1 },
        {
          type: 'NotificationAttemptFailed',
          data: {
            notificationId: 'n-old',
            attempt: 1,
            error: '451 later',
            willRetry: true,
            failedAt: '2024-05-01T00:00:01.000Z',
          },
          schemaVersion: 1,
        },
        {
          type: 'NotificationSent',
          data: { notificationId: 'n-old', attempt: 2, sentAt: '2024-05-01T00:00:05.000Z' },
          schemaVersion: 1,
        },
      ]),
    );
    expect(state).toEqual({
      ...v1Requested,
      variables: {},
      status: 'sent',
      attempts: 2,
      sentAt: '2024-05-01T00:00:05.000Z',
    });
  });

  it('folds v1 and v2 streams side by side into the shapes they were written with', () => {
    const [fromV1, fromV2] = [
      { ...v1Requested, schemaVersion: 1 },
      { ...v1Requested, variables: { name: 'Ann' }, schemaVersion: 2 },
    ].map(({ schemaVersion, ...data }) =>
      fold(notificationDecider, read([{ type: 'NotificationRequested', data, schemaVersion }])),
    );
    expect(fromV1).toMatchObject({ status: 'pending', variables: {} });
    expect(fromV2).toMatchObject({ status: 'pending', variables: { name: 'Ann' } });
  });
});

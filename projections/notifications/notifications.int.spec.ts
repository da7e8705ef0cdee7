import { type DomainEvent } from '../../domain/event-schemas';
import {
  type NotificationCommand,
  type NotificationTemplate,
  notificationDecider,
  streamName,
} from '../../domain/notification';
import {
  type ProjectionFixture,
  createProjectionFixture,
} from '../test-support/projection-fixture.testing';
import { notificationsProjection } from './index';
import { listNotifications } from './queries';

let fixture: ProjectionFixture;
const minute = (n: number): string => new Date(Date.UTC(2025, 5, 1, 9, n)).toISOString();

/** Decides the commands in turn on the notification's stream and appends what they decide. */
async function notify(id: string, commands: readonly NotificationCommand[]): Promise<void> {
  let state = notificationDecider.initialState();
  for (const command of commands) {
    const events = notificationDecider.decide(command, state);
    state = events.reduce(notificationDecider.evolve, state);
    await fixture.append(streamName(id), events as DomainEvent[], { at: command.data.now });
  }
}

const request = (
  id: string,
  userId: string | null,
  at: string,
  template: NotificationTemplate = 'order-confirmed',
): NotificationCommand => ({
  type: 'RequestNotification',
  data: {
    notificationId: id,
    template,
    to: `${userId ?? 'ops'}@example.com`,
    subject: `About ${id}`,
    userId,
    triggerEventId: `trigger-${id}`,
    now: at,
  },
});
const sent = (id: string, attempt: number, at: string): NotificationCommand => ({
  type: 'RecordSent',
  data: { notificationId: id, attempt, now: at },
});
const failed = (
  id: string,
  attempt: number,
  willRetry: boolean,
  at: string,
): NotificationCommand => ({
  type: 'RecordAttemptFailed',
  data: { notificationId: id, attempt, error: 'mailbox unavailable', willRetry, now: at },
});

beforeAll(async () => {
  fixture = await createProjectionFixture([notificationsProjection]);
  await notify('n-1', [request('n-1', 'ann', minute(1), 'welcome'), sent('n-1', 1, minute(2))]);
  await notify('n-2', [request('n-2', 'bob', minute(3)), failed('n-2', 1, true, minute(4))]);
  await notify('n-3', [
    request('n-3', 'ann', minute(5)),
    failed('n-3', 1, true, minute(6)),
    failed('n-3', 2, false, minute(8)),
  ]);
  await notify('n-4', [request('n-4', null, minute(7), 'low-stock')]);
  await notify('n-5', [
    request('n-5', 'ann', minute(7)),
    failed('n-5', 1, true, minute(8)),
    sent('n-5', 2, minute(9)),
  ]);
  await fixture.catchUp({ batchSize: 2 });
});

afterAll(() => fixture.close());

describe('notifications read model', () => {
  it('shows each notification’s status: failed only after its last attempt', async () => {
    const { items } = await listNotifications(fixture.db, { limit: 10 });
    expect(
      items.map(({ notificationId, status, attempts }) => ({ notificationId, status, attempts })),
    ).toEqual([
      { notificationId: 'n-5', status: 'sent', attempts: 2 },
      { notificationId: 'n-4', status: 'pending', attempts: 0 },
      { notificationId: 'n-3', status: 'failed', attempts: 2 },
      { notificationId: 'n-2', status: 'pending', attempts: 1 },
      { notificationId: 'n-1', status: 'sent', attempts: 1 },
    ]);
    expect(items[4]).toEqual({
      notificationId: 'n-1',
      template: 'welcome',
      to: 'ann@example.com',
      subject: 'About n-1',
      status: 'sent',
      attempts: 1,
      createdAt: minute(1),
      sentAt: minute(2),
    });
    expect(items[3].sentAt).toBeNull();
  });

  it('lists one user’s notifications only, and pages by keyset (same createdAt: by id)', async () => {
    const first = await listNotifications(fixture.db, { userId: 'ann', limit: 2 });
    expect(first.items.map((item) => item.notificationId)).toEqual(['n-5', 'n-3']);
    expect(first.nextKey).toEqual({ createdAt: minute(5), notificationId: 'n-3' });
    const second = await listNotifications(fixture.db, {
      userId: 'ann',
      limit: 2,
      after: first.nextKey!,
    });
    expect(second).toEqual({
      items: [expect.objectContaining({ notificationId: 'n-1' })],
      nextKey: null,
    });
    // n-4 and n-5 share a createdAt: the id breaks the tie, and neither page repeats or skips one.
    const all = await listNotifications(fixture.db, {
      limit: 1,
      after: { createdAt: minute(7), notificationId: 'n-5' },
    });
    expect(all.items.map((item) => item.notificationId)).toEqual(['n-4']);
  });

  it('rebuilds into exactly the tables the live run built', async () => {
    const live = await fixture.checksums(notificationsProjection);
    await fixture.rebuild();
    expect(await fixture.checksums(notificationsProjection)).toEqual(live);
  });
});

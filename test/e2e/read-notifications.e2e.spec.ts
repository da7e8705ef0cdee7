import { randomUUID } from 'node:crypto';
import {
  type NotificationCommand,
  type NotificationTemplate,
  notificationDecider,
  streamName,
} from '../../domain/notification';
import { handleCommand } from '../../platform/commands/handle-command';
import { expectProblem } from './accounts.testing';
import { type SystemUnderTest, startSystem } from './system.testing';
import { accessTokenFor } from './tokens.testing';

describe('notifications read API (GET /notifications)', () => {
  let system: SystemUnderTest;
  const ann = randomUUID();
  const bob = randomUUID();
  let annToken: string;
  let bobToken: string;
  let adminToken: string;
  let minute = 0;
  /** Each request a minute after the last, so newest-first is a known order. */
  const nextTime = (): string => new Date(Date.UTC(2025, 0, 1, 12, minute++)).toISOString();

  /** What the dispatcher (step 5) will do: request a mail, then record its attempts. */
  async function notify(
    userId: string | null,
    template: NotificationTemplate,
    outcome: 'pending' | 'sent' | 'failed' = 'sent',
  ): Promise<{ notificationId: string; position: string }> {
    const notificationId = randomUUID();
    const requestedAt = nextTime();
    const commands: NotificationCommand[] = [
      {
        type: 'RequestNotification',
        data: {
          notificationId,
          template,
          to: userId ? `${userId}@example.com` : 'alerts@example.com',
          subject: `${template} for ${userId ?? 'operators'}`,
          userId,
          triggerEventId: randomUUID(),
          now: requestedAt,
        },
      },
    ];
    if (outcome === 'sent') {
      commands.push({ type: 'RecordSent', data: { notificationId, attempt: 1, now: requestedAt } });
    }
    if (outcome === 'failed') {
      for (const attempt of [1, 2]) {
        commands.push({
          type: 'RecordAttemptFailed',
          data: {
            notificationId,
            attempt,
            error: '550 no such user',
            willRetry: attempt < 2,
            now: requestedAt,
          },
        });
      }
    }
    let position = '';
    for (const command of commands) {
      const outcome = await handleCommand(
        system.eventStore,
        notificationDecider,
        streamName(notificationId),
        command,
        { correlationId: randomUUID(), userId: null, now: command.data.now },
      );
      position = outcome.position!;
    }
    return { notificationId, position };
  }

  const list = (token: string | undefined, query = '', headers: Record<string, string> = {}) =>
    system.read('GET', `/notifications${query}`, { token, headers });

  let annIds: string[];
  let bobIds: string[];
  let alertId: string;

  beforeAll(async () => {
    system = await startSystem();
    annToken = await accessTokenFor(system.writeApi, { userId: ann, roles: ['customer'] });
    bobToken = await accessTokenFor(system.writeApi, { userId: bob, roles: ['customer'] });
    adminToken = await accessTokenFor(system.writeApi, { roles: ['admin'] });
    annIds = [];
    bobIds = [];
    annIds.push((await notify(ann, 'welcome')).notificationId);
    bobIds.push((await notify(bob, 'welcome')).notificationId);
    annIds.push((await notify(ann, 'order-confirmed', 'failed')).notificationId);
    alertId = (await notify(null, 'low-stock', 'pending')).notificationId;
    annIds.push((await notify(ann, 'order-shipped', 'pending')).notificationId);
    annIds.push((await notify(ann, 'order-cancelled')).notificationId);
    bobIds.push((await notify(bob, 'order-rejected')).notificationId);
    annIds.push((await notify(ann, 'order-confirmed')).notificationId);
    await system.settle();
  });
  afterAll(() => system?.close());

  const ids = (response: { body: { items: Array<{ notificationId: string }> } }) =>
    response.body.items.map((item) => item.notificationId);

  it('shows a user their own notifications, newest first, with status and attempts', async () => {
    const response = await list(annToken);
    expect(response.status).toBe(200);
    expect(ids(response)).toEqual([...annIds].reverse());
    expect(response.body.nextCursor).toBeNull();
    expect(response.body.items[0]).toEqual({
      notificationId: annIds[4],
      template: 'order-confirmed',
      to: `${ann}@example.com`,
      subject: `order-confirmed for ${ann}`,
      status: 'sent',
      attempts: 1,
      createdAt: '2025-01-01T12:07:00.000Z',
      sentAt: '2025-01-01T12:07:00.000Z',
    });
    const byId = new Map(
      response.body.items.map((item: { notificationId: string }) => [item.notificationId, item]),
    );
    expect(byId.get(annIds[1])).toMatchObject({ status: 'failed', attempts: 2, sentAt: null });
    expect(byId.get(annIds[2])).toMatchObject({ status: 'pending', attempts: 0, sentAt: null });
  });

  it('never shows another user’s notifications or the operators’ alerts', async () => {
    const response = await list(bobToken);
    expect(ids(response)).toEqual([...bobIds].reverse());
    expect(ids(await list(await accessTokenFor(system.writeApi, { roles: ['customer'] })))).toEqual(
      [],
    );
  });

  it('shows an admin every notification, alerts included', async () => {
    const response = await list(adminToken);
    expect(response.status).toBe(200);
    expect(new Set(ids(response))).toEqual(new Set([...annIds, ...bobIds, alertId]));
    expect(response.body.items).toHaveLength(8);
  });

  it('pages by cursor without repeating or skipping one', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await list(annToken, query);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(response));
      cursor = response.body.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...annIds].reverse());
  });

  it('refuses a cursor from another user’s list', async () => {
    const adminPage = await list(adminToken, '?limit=1');
    const response = await list(annToken, `?cursor=${adminPage.body.nextCursor}`);
    expectProblem(response, 400, 'validation', ['cursor']);
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=101', 'limit'],
    ['?limit=two', 'limit'],
    ['?cursor=not-a-cursor', 'cursor'],
    ['?userId=someone', 'userId'],
  ])('answers %s with a 400 naming %s', async (query, field) => {
    expectProblem(await list(annToken, query), 400, 'validation', [field]);
  });

  it('needs a token', async () => {
    expectProblem(await list(undefined), 401, 'unauthorized');
  });

  it('waits for a notification just recorded when asked to (X-Min-Position)', async () => {
    const { notificationId, position } = await notify(ann, 'order-shipped');
    const response = await list(annToken, '?limit=1', { 'x-min-position': position });
    expect(response.headers.get('x-consistent')).toBe('true');
    expect(ids(response)).toEqual([notificationId]);
  });

  it('documents its parameters, answer and problems in OpenAPI', async () => {
    type Operation = { parameters?: Array<{ name: string }>; responses: Record<string, unknown> };
    const document = (await (await fetch(`${system.readBaseUrl}/docs/openapi.json`)).json()) as {
      paths: Record<string, { get: Operation }>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const operation = document.paths['/api/v1/notifications'].get;
    expect((operation.parameters ?? []).map((p) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'X-Min-Position']),
    );
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401']));
    expect(Object.keys(document.components.schemas.NotificationResponse.properties)).toEqual([
      'notificationId',
      'template',
      'to',
      'subject',
      'status',
      'attempts',
      'createdAt',
      'sentAt',
    ]);
  });
});

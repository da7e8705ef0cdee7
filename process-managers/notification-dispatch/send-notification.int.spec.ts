import pino from 'pino';
import { type DomainEvent } from '../../domain/event-schemas';
import {
  type NotificationCommand,
  type NotificationEvent,
  type NotificationState,
  notificationDecider,
  streamName,
} from '../../domain/notification';
import { CommandRunner } from '../../platform/commands/command-runner';
import { toDomainEvent } from '../../platform/commands/domain-events';
import { loadAggregate } from '../../platform/commands/handle-command';
import { createPostgresEventStore } from '../../platform/event-store/open-event-store';
import { type EventStore } from '../../platform/event-store/port';
import { useFreshDatabase } from '../../platform/event-store/test-support/fresh-database';
import { type Mailer, createSmtpMailer } from '../../platform/mail';
import {
  type ScriptedSmtpServer,
  startScriptedSmtpServer,
} from '../../platform/mail/test-support/scripted-smtp-server';
import { uniqueSuffix } from '../../test/harness';
import { type EffectOutcome } from '../runtime/effects';
import { MAX_SEND_ATTEMPTS, retryDelayMs } from './backoff';
import { createNotificationDispatch } from './dispatch';
import { createSendNotificationHandler } from './send-notification';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const database = useFreshDatabase('send_notification');
const from = 'Shopstream <no-reply@shopstream.test>';
const start = new Date('2025-06-01T09:00:00.000Z');
let store: EventStore;
let runner: CommandRunner;
const servers: ScriptedSmtpServer[] = [];
const mailers: Mailer[] = [];

beforeAll(async () => {
  store = createPostgresEventStore({ connectionString: database.url, poolSize: 4 });
  await store.ensureSchema();
  runner = new CommandRunner(store);
  database.beforeDrop(() => store.close());
});
afterAll(async () => {
  await Promise.all(mailers.map((mailer) => mailer.close()));
  await Promise.all(servers.map((server) => server.close()));
});

/** A real SMTP server refusing the first `refuseFirst` mails, and the handler sending to it. */
async function sendingTo(refuseFirst: number) {
  const server = await startScriptedSmtpServer({ refuseFirst });
  const mailer = createSmtpMailer(server.url, logger);
  servers.push(server);
  mailers.push(mailer);
  return { server, handler: createSendNotificationHandler({ mailer, from }) };
}

/** A welcome mail requested the way the dispatcher requests it; returns its id. */
async function requestWelcome(): Promise<{ notificationId: string; to: string }> {
  const to = `ann-${uniqueSuffix()}@example.test`;
  const [output] = createNotificationDispatch().decide(
    {
      event: {
        type: 'UserRegistered',
        data: {
          userId: `u-${uniqueSuffix()}`,
          email: to,
          normalisedEmail: to,
          name: 'Ann <Admin>',
          passwordHash: 'h',
          roles: ['customer'],
          registeredAt: start.toISOString(),
        },
      },
      eventId: `e-${uniqueSuffix()}`,
      streamName: 'user-u',
      position: '1',
      occurredAt: start.toISOString(),
      correlationId: 'c-1',
    },
    null,
    {},
  );
  if (output.type !== 'run' || !('command' in output.action)) throw new Error('no request');
  const command = output.action.command.command as NotificationCommand;
  if (command.type !== 'RequestNotification') throw new Error('no request');
  const { notificationId } = command.data;
  await request(notificationId, command);
  return { notificationId, to };
}

async function request(notificationId: string, command: NotificationCommand): Promise<void> {
  await runner.run(notificationDecider, streamName(notificationId), command, {
    correlationId: 'c-1',
    userId: null,
    now: start.toISOString(),
  });
}

const context = (now: Date, on: CommandRunner = runner) => ({
  runner: on,
  now,
  correlationId: 'c-1',
  causationId: 'e-1',
  logger,
});

/** Runs the handler as the runtime would: again at each retry's time, until it is done. */
async function sendUntilDone(
  handler: ReturnType<typeof createSendNotificationHandler>,
  notificationId: string,
): Promise<EffectOutcome[]> {
  const outcomes: EffectOutcome[] = [];
  let now = start;
  for (;;) {
    const outcome = await handler({ type: 'send-notification', notificationId }, context(now));
    outcomes.push(outcome);
    if (outcome.status === 'done') return outcomes;
    now = outcome.at;
    if (outcomes.length > MAX_SEND_ATTEMPTS) throw new Error('retried past the last attempt');
  }
}

async function eventsOf(notificationId: string): Promise<NotificationEvent[]> {
  const recorded = await store.readStream(streamName(notificationId));
  return recorded.map((event) => toDomainEvent(event) as DomainEvent as NotificationEvent);
}

async function stateOf(notificationId: string): Promise<NotificationState> {
  return (await loadAggregate(store, notificationDecider, streamName(notificationId))).state;
}

describe('send-notification effect', () => {
  it('sends after 3 refusals: 3 failed attempts on the backoff schedule, then one mail', async () => {
    const { server, handler } = await sendingTo(3);
    const { notificationId, to } = await requestWelcome();

    const outcomes = await sendUntilDone(handler, notificationId);

    // Each retry is due its backoff delay after the attempt before it.
    let now = start.getTime();
    outcomes.slice(0, 3).forEach((outcome, index) => {
      now += retryDelayMs(notificationId, index + 1);
      expect(outcome).toEqual({
        status: 'retry',
        at: new Date(now),
        error: expect.stringMatching(/451/),
      });
    });
    expect(outcomes[3]).toEqual({ status: 'done' });
    expect(
      (await eventsOf(notificationId)).map((e) => [e.type, 'attempt' in e.data && e.data.attempt]),
    ).toEqual([
      ['NotificationRequested', false],
      ['NotificationAttemptFailed', 1],
      ['NotificationAttemptFailed', 2],
      ['NotificationAttemptFailed', 3],
      ['NotificationSent', 4],
    ]);
    expect(await stateOf(notificationId)).toMatchObject({ status: 'sent', attempts: 4 });
    expect(server.refused).toBe(3);
    expect(server.accepted).toHaveLength(1);
    const [mail] = server.accepted;
    expect(mail.messageId).toBe(`<${notificationId}@shopstream>`);
    expect(mail.rcptTo).toEqual([to]);
    expect(mail.text).toContain('Hello Ann <Admin>,');
    expect(mail.html).toContain('Hello Ann &lt;Admin&gt;,');

    // The runtime may run it again (a worker died before deleting the schedule row): no mail.
    const again = await handler(
      { type: 'send-notification', notificationId },
      context(new Date(now)),
    );
    expect(again).toEqual({ status: 'done' });
    expect(server.accepted).toHaveLength(1);
    expect(await eventsOf(notificationId)).toHaveLength(5);
  });

  it('fails for good after the last attempt when the server always refuses', async () => {
    const { server, handler } = await sendingTo(Infinity);
    const { notificationId } = await requestWelcome();

    const outcomes = await sendUntilDone(handler, notificationId);

    expect(outcomes).toHaveLength(MAX_SEND_ATTEMPTS);
    expect(outcomes.at(-1)).toEqual({ status: 'done' });
    const failures = (await eventsOf(notificationId)).filter(
      (e) => e.type === 'NotificationAttemptFailed',
    );
    expect(failures.map((e) => e.data)).toEqual(
      Array.from({ length: MAX_SEND_ATTEMPTS }, (_, i) =>
        expect.objectContaining({ attempt: i + 1, willRetry: i + 1 < MAX_SEND_ATTEMPTS }),
      ),
    );
    expect(await stateOf(notificationId)).toMatchObject({
      status: 'failed',
      attempts: MAX_SEND_ATTEMPTS,
    });
    expect(server.refused).toBe(MAX_SEND_ATTEMPTS);

    await handler({ type: 'send-notification', notificationId }, context(start));
    expect(server.refused).toBe(MAX_SEND_ATTEMPTS);
    expect(server.accepted).toHaveLength(0);
  });

  it('fails for good at once, sending nothing, when the mail cannot be rendered', async () => {
    const { server, handler } = await sendingTo(0);
    // A request without variables, as a v1 NotificationRequested reads.
    const notificationId = `n-${uniqueSuffix()}`;
    await request(notificationId, {
      type: 'RequestNotification',
      data: {
        notificationId,
        template: 'welcome',
        to: 'old@example.test',
        subject: 'Welcome',
        userId: null,
        triggerEventId: 'e-old',
        now: start.toISOString(),
      },
    });

    expect(await sendUntilDone(handler, notificationId)).toEqual([{ status: 'done' }]);
    expect(await stateOf(notificationId)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('welcome.txt: no value for'),
    });
    expect(server.accepted).toHaveLength(0);
  });

  it('resends once, with the same Message-ID, if the worker dies between the accepted mail and NotificationSent', async () => {
    const { server, handler } = await sendingTo(0);
    const { notificationId } = await requestWelcome();
    // The worker "dies" after the server accepted the mail: its append never lands.
    const dying = new CommandRunner(
      new Proxy(store, {
        get: (target, key, receiver) =>
          key === 'append'
            ? () => Promise.reject(new Error('worker died'))
            : Reflect.get(target, key, receiver),
      }),
    );
    await expect(
      handler({ type: 'send-notification', notificationId }, context(start, dying)),
    ).rejects.toThrow('worker died');
    expect(await stateOf(notificationId)).toMatchObject({ status: 'pending', attempts: 0 });

    // The runtime runs the effect again: the one duplicate the design allows.
    expect(await sendUntilDone(handler, notificationId)).toEqual([{ status: 'done' }]);
    expect(server.accepted.map((mail) => mail.messageId)).toEqual([
      `<${notificationId}@shopstream>`,
      `<${notificationId}@shopstream>`,
    ]);
    expect((await eventsOf(notificationId)).map((e) => e.type)).toEqual([
      'NotificationRequested',
      'NotificationSent',
    ]);
  });
});

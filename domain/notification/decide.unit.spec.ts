import { specFor } from '../shared/decider-specification';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import {
  MAX_ERROR_LENGTH,
  MAX_VARIABLES,
  MAX_VARIABLE_LENGTH,
  type NotificationCommand,
  type NotificationEvent,
  type NotificationRequested,
  type RecordAttemptFailed,
  type RecordSent,
  type RequestNotification,
  notificationDecider,
  streamName,
} from './index';

const given = specFor(notificationDecider);
const notificationId = 'n-1';
const requestedAt = '2025-06-01T09:00:00.000Z';
const later = '2025-06-01T09:01:00.000Z';

const request = (data: Partial<RequestNotification['data']> = {}): RequestNotification => ({
  type: 'RequestNotification',
  data: {
    notificationId,
    template: 'order-confirmed',
    to: 'ann@example.com',
    subject: 'Your order is confirmed',
    variables: { name: 'Ann', orderId: 'o-1' },
    userId: 'u-1',
    triggerEventId: 'e-1',
    now: requestedAt,
    ...data,
  },
});
const send = (attempt: number): RecordSent => ({
  type: 'RecordSent',
  data: { notificationId, attempt, now: later },
});
const fail = (
  attempt: number,
  willRetry = true,
  error = 'connection refused',
): RecordAttemptFailed => ({
  type: 'RecordAttemptFailed',
  data: { notificationId, attempt, error, willRetry, now: later },
});

const requested: NotificationRequested = {
  type: 'NotificationRequested',
  data: {
    notificationId,
    template: 'order-confirmed',
    to: 'ann@example.com',
    subject: 'Your order is confirmed',
    variables: { name: 'Ann', orderId: 'o-1' },
    userId: 'u-1',
    triggerEventId: 'e-1',
    requestedAt,
  },
};
const sent = (attempt: number): NotificationEvent => ({
  type: 'NotificationSent',
  data: { notificationId, attempt, sentAt: later },
});
const failed = (attempt: number, willRetry = true): NotificationEvent => ({
  type: 'NotificationAttemptFailed',
  data: { notificationId, attempt, error: 'connection refused', willRetry, failedAt: later },
});

describe('Notification', () => {
  it('lives in the stream notification-{notificationId}', () => {
    expect(streamName('n-9')).toBe('notification-n-9');
  });

  describe('when absent', () => {
    it('is requested with its recipient, template and trigger', () => {
      given([]).when(request()).then([requested]);
    });

    it('may go to an address that belongs to no user (low-stock alerts)', () => {
      const alert = request({ template: 'low-stock', userId: null, to: ' ops@example.com ' });
      const alerted: NotificationRequested = {
        type: 'NotificationRequested',
        data: { ...requested.data, template: 'low-stock', userId: null, to: 'ops@example.com' },
      };
      given([]).when(alert).then([alerted]);
    });

    it('names every invalid field of a request', () => {
      const error = given([])
        .when(
          request({
            template: 'birthday' as RequestNotification['data']['template'],
            to: 'nobody',
            subject: ' ',
            triggerEventId: '',
            now: 'yesterday',
          }),
        )
        .thenThrows(ValidationError);
      expect(error.errors.map((e) => e.field)).toEqual([
        'template',
        'to',
        'subject',
        'triggerEventId',
        'now',
      ]);
    });

    it('keeps the template variables, and none when the request has none', () => {
      given([]).when(request()).then([requested]);
      const { variables: _variables, ...withoutVariables } = request().data;
      given([])
        .when({ type: 'RequestNotification', data: withoutVariables })
        .then([{ ...requested, data: { ...requested.data, variables: {} } }]);
    });

    it('refuses variables that are not named texts within bounds', () => {
      const refused = (variables: unknown) =>
        given([])
          .when(request({ variables: variables as RequestNotification['data']['variables'] }))
          .thenThrows(ValidationError).message;
      expect(refused(['a'])).toBe('variables: must be an object of texts');
      expect(refused({ 'order id': 'x' })).toMatch(/"order id" is not a variable name/);
      expect(refused({ total: 12 })).toBe('variables: total must be a string');
      expect(refused({ lines: 'x'.repeat(MAX_VARIABLE_LENGTH + 1) })).toBe(
        `variables: lines must be at most ${MAX_VARIABLE_LENGTH} characters`,
      );
      const many = Object.fromEntries(
        Array.from({ length: MAX_VARIABLES + 1 }, (_, i) => [`v${i}`, '']),
      );
      expect(refused(many)).toBe(`variables: must hold at most ${MAX_VARIABLES} variables`);
    });

    it.each<NotificationCommand>([send(1), fail(1)])(
      'answers $type with NotFoundError',
      (command) => {
        given([]).when(command).thenThrows(NotFoundError, 'notification not found');
      },
    );
  });

  describe('when pending', () => {
    it('ignores a repeated request for the same trigger (a redelivered event)', () => {
      given([requested]).when(request()).thenNothingHappens();
      given([requested, failed(1)])
        .when(request({ subject: 'other' }))
        .thenNothingHappens();
    });

    it('refuses a request for another trigger under the same id', () => {
      given([requested])
        .when(request({ triggerEventId: 'e-2' }))
        .thenThrows(IllegalStateError, 'notification n-1 was requested for event e-1, not e-2');
    });

    it('records the first attempt as sent', () => {
      given([requested])
        .when(send(1))
        .then([sent(1)]);
    });

    it('records a failed attempt that will be retried, then the retry as sent', () => {
      given([requested])
        .when(fail(1))
        .then([failed(1)]);
      given([requested, failed(1)])
        .when(send(2))
        .then([sent(2)]);
    });

    it('records the last attempt as failed for good', () => {
      given([requested, failed(1), failed(2)])
        .when(fail(3, false))
        .then([failed(3, false)]);
    });

    it('ignores a failure recorded twice', () => {
      given([requested, failed(1)])
        .when(fail(1))
        .thenNothingHappens();
    });

    it('refuses attempt numbers that skip one or reuse a failed one', () => {
      given([requested])
        .when(send(2))
        .thenThrows(IllegalStateError, 'notification n-1 expects attempt 1, not 2');
      given([requested, failed(1)])
        .when(send(1))
        .thenThrows(IllegalStateError, 'notification n-1 expects attempt 2, not 1');
      given([requested])
        .when(fail(3))
        .thenThrows(IllegalStateError, /expects attempt 1, not 3/);
    });

    it('cuts a long error to its head and refuses an empty one', () => {
      const long = 'x'.repeat(MAX_ERROR_LENGTH + 50);
      const [event] = notificationDecider.decide(fail(1, true, long), fold([requested]));
      expect(event.type === 'NotificationAttemptFailed' && event.data.error).toBe(
        'x'.repeat(MAX_ERROR_LENGTH),
      );
      given([requested])
        .when(fail(1, true, ' '))
        .thenThrows(ValidationError, 'error: must not be empty');
    });

    it('needs a positive whole attempt number', () => {
      given([requested])
        .when(send(0))
        .thenThrows(ValidationError, /^attempt: must be between/);
      given([requested]).when(fail(1.5)).thenThrows(ValidationError, 'attempt: must be an integer');
    });
  });

  describe('when sent', () => {
    const history = [requested, failed(1), sent(2)];

    it('ignores the same success recorded again', () => {
      given(history).when(send(2)).thenNothingHappens();
    });

    it('ignores an earlier failure recorded again', () => {
      given(history).when(fail(1)).thenNothingHappens();
    });

    it('refuses another outcome for the sending attempt or a later one', () => {
      given(history)
        .when(send(3))
        .thenThrows(IllegalStateError, 'notification n-1 was sent by attempt 2');
      given(history)
        .when(fail(2))
        .thenThrows(IllegalStateError, 'notification n-1 was sent by attempt 2');
    });

    it('ignores a repeated request', () => {
      given(history).when(request()).thenNothingHappens();
    });
  });

  describe('when failed for good', () => {
    const history = [requested, failed(1), failed(2, false)];

    it('ignores the last failure recorded again', () => {
      given(history).when(fail(2, false)).thenNothingHappens();
    });

    it('refuses a send or a further attempt', () => {
      given(history)
        .when(send(3))
        .thenThrows(IllegalStateError, 'notification n-1 failed for good after 2 attempts');
      given(history)
        .when(fail(3))
        .thenThrows(IllegalStateError, /failed for good/);
    });
  });

  it('folds attempts, the last error and the outcome into state', () => {
    expect(fold([requested, failed(1)])).toEqual({
      ...requested.data,
      status: 'pending',
      attempts: 1,
      lastError: 'connection refused',
    });
    expect(fold([requested, failed(1), sent(2)])).toEqual({
      ...requested.data,
      status: 'sent',
      attempts: 2,
      sentAt: later,
    });
    expect(fold([requested, failed(1, false)])).toMatchObject({ status: 'failed', attempts: 1 });
  });
});

function fold(events: readonly NotificationEvent[]) {
  return events.reduce(notificationDecider.evolve, notificationDecider.initialState());
}

import { assertNever } from '../shared/decider';
import { IllegalStateError, NotFoundError } from '../shared/errors';
import {
  FieldErrors,
  checkInteger,
  checkText,
  checkTimestamp,
  codePoints,
} from '../shared/validation';
import {
  type NotificationCommand,
  type RecordAttemptFailed,
  type RecordSent,
  type RequestNotification,
} from './commands';
import { type NotificationEvent, type TemplateVariables, notificationTemplates } from './events';
import { type ExistingNotification, type NotificationState } from './state';

/** Far more attempts than any backoff schedule makes; a larger number is a caller's bug. */
export const MAX_ATTEMPTS = 100;
/** SMTP replies can be long; the error is kept for operators, so its head is enough. */
export const MAX_ERROR_LENGTH = 1000;
/** A mail's variables are a handful of short texts; an order's lines are the longest. */
export const MAX_VARIABLES = 40;
export const MAX_VARIABLE_LENGTH = 20_000;
/** The placeholder syntax of the templates: `{{orderId}}`. */
const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

// The dispatcher runs at least once per trigger and may crash between sending and recording, so
// repeating a request or an outcome that is already recorded decides nothing. What contradicts
// the record (a send after the final failure, an attempt number that skips one) is an error.

export function requestNotification(
  { data }: RequestNotification,
  state: NotificationState,
): NotificationEvent[] {
  if (state.status !== 'absent') {
    if (state.triggerEventId === data.triggerEventId) return [];
    throw new IllegalStateError(
      `notification ${state.notificationId} was requested for event ${state.triggerEventId}, not ${data.triggerEventId}`,
    );
  }
  new FieldErrors()
    .add('notificationId', checkText(data.notificationId, { max: 100 }))
    .add('template', checkTemplate(data.template))
    .add('to', checkText(data.to, { max: 320 }) ?? checkAddress(data.to))
    .add('subject', checkText(data.subject, { max: 300 }))
    .add('variables', checkVariables(data.variables ?? {}))
    .add('userId', data.userId === null ? undefined : checkText(data.userId, { max: 256 }))
    .add('triggerEventId', checkText(data.triggerEventId, { max: 100 }))
    .add('now', checkTimestamp(data.now))
    .throwIfAny();
  const { notificationId, template, userId, triggerEventId, now } = data;
  return [
    {
      type: 'NotificationRequested',
      data: {
        notificationId,
        template,
        to: data.to.trim(),
        subject: data.subject.trim(),
        variables: { ...data.variables },
        userId,
        triggerEventId,
        requestedAt: now,
      },
    },
  ];
}

export function recordSent({ data }: RecordSent, state: NotificationState): NotificationEvent[] {
  const notification = requireExisting(state);
  checkOutcome(data);
  const { notificationId, attempts } = notification;
  switch (notification.status) {
    case 'sent':
      if (data.attempt === attempts) return [];
      throw new IllegalStateError(`notification ${notificationId} was sent by attempt ${attempts}`);
    case 'failed':
      throw new IllegalStateError(
        `notification ${notificationId} failed for good after ${attempts} attempts`,
      );
    case 'pending':
      requireNextAttempt(notification, data.attempt);
      return [
        {
          type: 'NotificationSent',
          data: { notificationId, attempt: data.attempt, sentAt: data.now },
        },
      ];
    default:
      return assertNever(notification);
  }
}

export function recordAttemptFailed(
  { data }: RecordAttemptFailed,
  state: NotificationState,
): NotificationEvent[] {
  const notification = requireExisting(state);
  checkOutcome(data);
  new FieldErrors()
    // Longer errors are cut to MAX_ERROR_LENGTH below: a failure must never fail to be recorded.
    .add(
      'error',
      typeof data.error === 'string' && data.error.trim() ? undefined : 'must not be empty',
    )
    .add('willRetry', typeof data.willRetry === 'boolean' ? undefined : 'must be a boolean')
    .throwIfAny();
  const { notificationId, attempts } = notification;
  // In every status, the attempts up to `attempts` are recorded: failures, except a sent one's last.
  const alreadyRecorded =
    notification.status === 'sent' ? data.attempt < attempts : data.attempt <= attempts;
  if (alreadyRecorded) return [];
  if (notification.status === 'sent') {
    throw new IllegalStateError(`notification ${notificationId} was sent by attempt ${attempts}`);
  }
  if (notification.status === 'failed') {
    throw new IllegalStateError(
      `notification ${notificationId} failed for good after ${attempts} attempts`,
    );
  }
  requireNextAttempt(notification, data.attempt);
  return [
    {
      type: 'NotificationAttemptFailed',
      data: {
        notificationId,
        attempt: data.attempt,
        error: truncate(data.error.trim(), MAX_ERROR_LENGTH),
        willRetry: data.willRetry,
        failedAt: data.now,
      },
    },
  ];
}

export function decide(
  command: NotificationCommand,
  state: NotificationState,
): NotificationEvent[] {
  switch (command.type) {
    case 'RequestNotification':
      return requestNotification(command, state);
    case 'RecordSent':
      return recordSent(command, state);
    case 'RecordAttemptFailed':
      return recordAttemptFailed(command, state);
    default:
      return assertNever(command);
  }
}

function requireExisting(state: NotificationState): ExistingNotification {
  if (state.status === 'absent') throw new NotFoundError('notification not found');
  return state;
}

function checkOutcome(data: { attempt: number; now: string }): void {
  new FieldErrors()
    .add('attempt', checkInteger(data.attempt, 1, MAX_ATTEMPTS))
    .add('now', checkTimestamp(data.now))
    .throwIfAny();
}

/** Attempts are recorded one after another: none is skipped, none recorded twice. */
function requireNextAttempt(notification: ExistingNotification, attempt: number): void {
  const next = notification.attempts + 1;
  if (attempt === next) return;
  throw new IllegalStateError(
    `notification ${notification.notificationId} expects attempt ${next}, not ${attempt}`,
  );
}

function checkTemplate(value: unknown): string | undefined {
  return (notificationTemplates as readonly unknown[]).includes(value)
    ? undefined
    : `must be one of ${notificationTemplates.join(', ')}`;
}

function checkVariables(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be an object of texts';
  }
  const entries = Object.entries(value as TemplateVariables);
  if (entries.length > MAX_VARIABLES) return `must hold at most ${MAX_VARIABLES} variables`;
  for (const [name, text] of entries) {
    if (!VARIABLE_NAME.test(name)) return `"${name}" is not a variable name (letters and digits)`;
    if (typeof text !== 'string') return `${name} must be a string`;
    if (codePoints(text) > MAX_VARIABLE_LENGTH) {
      return `${name} must be at most ${MAX_VARIABLE_LENGTH} characters`;
    }
  }
  return undefined;
}

/** Addresses come from registered users or configuration; this only catches a wrong field. */
function checkAddress(value: string): string | undefined {
  return /^[^\s@]+@[^\s@]+$/.test(value.trim()) ? undefined : 'must be an email address';
}

function truncate(text: string, max: number): string {
  return codePoints(text) <= max ? text : Array.from(text).slice(0, max).join('');
}

import {
  type NotificationCommand,
  type NotificationState,
  notificationDecider,
  streamName,
} from '../../domain/notification';
import { type CommandContext } from '../../platform/commands/command-context';
import { loadAggregate } from '../../platform/commands/handle-command';
import { type Mailer, type OutgoingMail, messageIdFor } from '../../platform/mail';
import { type EffectContext, type EffectHandler } from '../runtime/effects';
import { type Effect } from '../runtime/process-manager';
import { retryDelayMs, willRetry } from './backoff';
import { type TemplateSources, renderMail } from './render';
import { loadTemplateSources } from './template-files';

export type SendNotificationEffect = Extract<Effect, { type: 'send-notification' }>;

type PendingNotification = Extract<NotificationState, { status: 'pending' }>;

export type SendNotificationOptions = Readonly<{
  mailer: Mailer;
  /** MAIL_FROM. */
  from: string;
  /** The template files; read from disk by default, once, when the handler is created. */
  templates?: TemplateSources;
}>;

/**
 * Sends one requested notification: one attempt per call. The runtime calls it at least once per
 * scheduled effect and one worker at a time, so it starts from the notification's stream:
 *
 * - sent, or failed for good: nothing to do (a re-run after a crash, or a redelivered request);
 * - otherwise attempt `attempts + 1`: render, send with the notification's stable Message-ID,
 *   then record the outcome, seeded by (notification, attempt, outcome) so recording it twice
 *   appends once. A failure is retried with backoff until the last attempt, then `failed`.
 *
 * What remains: if the worker dies (or the store is unreachable) after the server accepted the
 * mail and before NotificationSent is appended, the next run sends it again, with the same
 * Message-ID. One duplicate at most per such crash, recognisable as the same message.
 */
export function createSendNotificationHandler(
  options: SendNotificationOptions,
): EffectHandler<SendNotificationEffect> {
  const templates = options.templates ?? loadTemplateSources();

  /** One attempt; `permanent` when trying again cannot help (the mail cannot be rendered). */
  async function attemptSend(
    notification: PendingNotification,
  ): Promise<{ error: string; permanent: boolean } | null> {
    let mail: OutgoingMail;
    try {
      mail = {
        messageId: messageIdFor(notification.notificationId),
        from: options.from,
        to: notification.to,
        subject: notification.subject,
        ...renderMail(templates, notification.template, notification.variables),
      };
    } catch (error) {
      return { error: message(error), permanent: true };
    }
    try {
      await options.mailer.send(mail);
      return null;
    } catch (error) {
      return { error: message(error), permanent: false };
    }
  }

  return async ({ notificationId }, context) => {
    const stream = streamName(notificationId);
    const { state } = await loadAggregate(context.runner.store, notificationDecider, stream);
    if (state.status === 'absent') {
      context.logger.error(
        { notificationId },
        'send-notification for a notification never requested',
      );
      return { status: 'done' };
    }
    // Sent, or failed for good: a re-run after a crash, or a redelivered request.
    if (state.status !== 'pending') return { status: 'done' };

    const attempt = state.attempts + 1;
    const now = context.now.toISOString();
    const record = (command: NotificationCommand, outcome: 'sent' | 'failed') =>
      context.runner.run(notificationDecider, stream, command, commandContext(context), {
        eventIdSeed: `send-notification/${notificationId}/${attempt}/${outcome}`,
      });

    const failure = await attemptSend(state);
    if (!failure) {
      await record({ type: 'RecordSent', data: { notificationId, attempt, now } }, 'sent');
      return { status: 'done' };
    }
    const { error } = failure;
    const retry = !failure.permanent && willRetry(attempt);
    await record(
      {
        type: 'RecordAttemptFailed',
        data: { notificationId, attempt, error, willRetry: retry, now },
      },
      'failed',
    );
    const at = new Date(context.now.getTime() + retryDelayMs(notificationId, attempt));
    context.logger.warn(
      { notificationId, template: state.template, attempt, error, retryAt: retry ? at : null },
      retry ? 'notification send failed, will retry' : 'notification failed for good',
    );
    return retry ? { status: 'retry', at, error } : { status: 'done' };
  };
}

function commandContext(context: EffectContext): CommandContext {
  return {
    correlationId: context.correlationId,
    causationId: context.causationId,
    userId: null,
    now: context.now.toISOString(),
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

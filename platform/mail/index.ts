/** Outgoing mail: the port, its two adapters, and the factory that picks one from the config. */
export { type Mailer, type OutgoingMail, keyOfMessageId, messageIdFor } from './mailer';
export { openMailer, outboxDir } from './open-mailer';
export { createOutboxMailer } from './outbox-mailer';
export { DEFAULT_SMTP_TIMEOUTS, type SmtpTimeouts, createSmtpMailer } from './smtp-mailer';

import { type Mailer } from '../platform/mail';
import { createInventoryOpening } from './inventory-opening/opening';
import { createNotificationDispatch } from './notification-dispatch';
import { createSendNotificationHandler } from './notification-dispatch/send-notification';
import { createReservationSaga } from './order-reservation/saga';
import { createReservationExpiry } from './reservation-expiry/expiry';
import { type EffectHandlers } from './runtime/effects';
import { type ProcessManager } from './runtime/process-manager';

export type ProcessManagerSettings = Readonly<{
  /** RESERVATION_TTL_SECONDS: how long a confirmed, unpaid order holds its stock. */
  reservationTtlSeconds: number;
  /** ALERT_EMAIL: where low-stock alerts go; none: no alerts. */
  alertEmail?: string;
}>;

/** Every process manager `shopstream process-managers run` runs, in SPEC's words. */
export function allProcessManagers(settings: ProcessManagerSettings): ProcessManager<never>[] {
  return [
    createInventoryOpening(),
    createReservationSaga({ reservationTtlSeconds: settings.reservationTtlSeconds }),
    createReservationExpiry(),
    createNotificationDispatch({ alertEmail: settings.alertEmail }),
  ] as ProcessManager<never>[];
}

/** The I/O the managers' effects need: today, sending mail. */
export function effectHandlers(mailer: Mailer, from: string): EffectHandlers {
  return { 'send-notification': createSendNotificationHandler({ mailer, from }) };
}

export function processManagerNamed(
  managers: readonly ProcessManager<never>[],
  name: string,
): ProcessManager<never> | undefined {
  return managers.find((manager) => manager.name === name);
}

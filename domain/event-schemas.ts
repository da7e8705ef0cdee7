import { type InventoryEvent, inventoryEventSchemas } from './inventory';
import { type NotificationEvent, notificationEventSchemas } from './notification';
import { type OrderEvent, orderEventSchemas } from './order';
import { type ProductEvent, productEventSchemas } from './product';
import { type SessionEvent, sessionEventSchemas } from './session';
import { type EventSchemas } from './shared/schema';
import { type ClaimEvent, claimEventSchemas } from './uniqueness';
import { type UserEvent, userEventSchemas } from './user';

/** Every event the domain writes; event type strings are unique across aggregates. */
export type DomainEvent =
  | UserEvent
  | ClaimEvent
  | SessionEvent
  | ProductEvent
  | InventoryEvent
  | OrderEvent
  | NotificationEvent;

/**
 * One registry for the event store: it writes `eventSchemas[type].version` as `schemaVersion`
 * and lifts old data on read with `upcastEvent(eventSchemas, type, data, schemaVersion)`.
 */
export const eventSchemas: EventSchemas<DomainEvent['type']> = {
  ...userEventSchemas,
  ...claimEventSchemas,
  ...sessionEventSchemas,
  ...productEventSchemas,
  ...inventoryEventSchemas,
  ...orderEventSchemas,
  ...notificationEventSchemas,
};

export const schemaVersionOf = (type: DomainEvent['type']): number => eventSchemas[type].version;

import { eventSchemas, schemaVersionOf } from './event-schemas';
import { inventoryEventSchemas } from './inventory';
import { notificationEventSchemas } from './notification';
import { orderEventSchemas } from './order';
import { productEventSchemas } from './product';
import { sessionEventSchemas } from './session';
import { claimEventSchemas } from './uniqueness';
import { userEventSchemas } from './user';

describe('eventSchemas', () => {
  const perAggregate = [
    userEventSchemas,
    claimEventSchemas,
    sessionEventSchemas,
    productEventSchemas,
    inventoryEventSchemas,
    orderEventSchemas,
    notificationEventSchemas,
  ];

  it('holds every event type once: no aggregate shadows another', () => {
    const types = perAggregate.flatMap((schemas) => Object.keys(schemas));
    expect(new Set(types).size).toBe(types.length);
    expect(Object.keys(eventSchemas).sort()).toEqual([...types].sort());
  });

  it('gives each type its current version, with an upcaster for every older one', () => {
    for (const [type, schema] of Object.entries(eventSchemas)) {
      for (let v = 1; v < schema.version; v++) {
        expect({ type, upcaster: typeof schema.upcasters?.[v] }).toEqual({
          type,
          upcaster: 'function',
        });
      }
    }
    expect(schemaVersionOf('UserRegistered')).toBe(2);
    expect(schemaVersionOf('OrderPlaced')).toBe(1);
  });
});

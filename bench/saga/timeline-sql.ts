/**
 * Each confirmed order's trail through the stores, read once the windows are over: its
 * OrderPlaced, the OrderConfirmed, the event that caused the confirmation (its causationId: the
 * last StockReserved the saga needed), and when the saga began deciding on the first and the
 * last of those (pm_inbox.handled_at is now() of the decision's transaction). On the embedded
 * default the in-process bus's log also says when the relay published each one.
 *
 * One parameter, the order ids as a JSON array, so PostgreSQL and PGlite run the same text.
 * Times come back as epoch milliseconds (with microseconds) or as the events' ISO strings.
 */
export type TrailRow = Readonly<{
  order_id: string;
  placed_id: string;
  placed_at: string;
  saga_placed_at: number | string | null;
  trigger_id: string | null;
  trigger_type: string | null;
  trigger_at: string | null;
  saga_trigger_at: number | string | null;
  confirmed_at: string;
  placed_published_at?: number | string | null;
  trigger_published_at?: number | string | null;
}>;

const MANAGER = 'order-reservation';

export function trailSql(withBusLog: boolean): string {
  // One pass over the bus log, hashed by event id (it has no index on the headers).
  const bus = withBusLog
    ? `, bus AS (
  SELECT headers->>'event-id' AS event_id, min(extract(epoch FROM published_at) * 1000) AS at
    FROM bus_messages GROUP BY 1
)`
    : '';
  const busColumns = withBusLog
    ? 'bp.at AS placed_published_at, bt.at AS trigger_published_at,'
    : '';
  const busJoins = withBusLog
    ? `LEFT JOIN bus bp ON bp.event_id = p.event_id::text
  LEFT JOIN bus bt ON bt.event_id = t.event_id::text`
    : '';
  return `
WITH ids AS (SELECT value AS order_id FROM json_array_elements_text($1::json)),
placed AS (
  SELECT ids.order_id, e.event_id, e.metadata->>'occurredAt' AS at
    FROM ids JOIN event_store.events e
      ON e.stream_id = 'order-' || ids.order_id AND e.type = 'OrderPlaced'
),
confirmed AS (
  SELECT ids.order_id, e.metadata->>'occurredAt' AS at,
         CASE WHEN e.metadata->>'causationId' ~ '^[0-9a-f-]{36}$'
              THEN (e.metadata->>'causationId')::uuid END AS cause
    FROM ids JOIN event_store.events e
      ON e.stream_id = 'order-' || ids.order_id AND e.type = 'OrderConfirmed'
)${bus}
SELECT p.order_id,
       p.event_id::text AS placed_id,
       p.at AS placed_at,
       extract(epoch FROM ip.handled_at) * 1000 AS saga_placed_at,
       t.event_id::text AS trigger_id,
       t.type AS trigger_type,
       t.metadata->>'occurredAt' AS trigger_at,
       extract(epoch FROM it.handled_at) * 1000 AS saga_trigger_at,
       ${busColumns}
       c.at AS confirmed_at
  FROM placed p
  JOIN confirmed c ON c.order_id = p.order_id
  LEFT JOIN event_store.events t ON t.event_id = c.cause
  LEFT JOIN pm_inbox ip ON ip.manager = '${MANAGER}' AND ip.event_id = p.event_id
  LEFT JOIN pm_inbox it ON it.manager = '${MANAGER}' AND it.event_id = t.event_id
  ${busJoins}`;
}

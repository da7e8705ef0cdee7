/**
 * One topic per stream category, so a consumer subscribes to the aggregates it cares about and
 * an aggregate's events keep their order (keyed by stream). `order-7f…` goes to
 * `<prefix>order`; claim streams (`unique-email-…`) share `<prefix>unique`.
 */
export const DEFAULT_TOPIC_PREFIX = 'shopstream.';

/** Every category the domain writes today; the relay creates their topics at start. */
export const STREAM_CATEGORIES = [
  'user',
  'unique',
  'session',
  'product',
  'inventory',
  'order',
  'notification',
] as const;

export type StreamCategory = (typeof STREAM_CATEGORIES)[number];

export function categoryOfStream(streamName: string): string {
  const dash = streamName.indexOf('-');
  return dash < 0 ? streamName : streamName.slice(0, dash);
}

export function topicOf(prefix: string, category: string): string {
  return `${prefix}${category}`;
}

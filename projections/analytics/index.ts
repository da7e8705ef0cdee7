import { type Projection } from '../runtime/projection';
import { applyAnalyticsEvents } from './apply';
import { analyticsEventTypes } from './contributions';
import { type AnalyticsTable, analyticsTables } from './tables';

/**
 * Analytics: hourly buckets of orders by status, revenue, units and new users, plus units and
 * revenue per product, for GET /analytics/summary, /sales and /top-products. Any window of it
 * can be recomputed from the stored events with `shopstream analytics backfill` (backfill.ts).
 */
export const analyticsProjection: Projection<AnalyticsTable> = {
  name: 'analytics',
  version: 1,
  description: 'Analytics: hourly order, revenue, unit and sign-up counts, per product too',
  tables: analyticsTables,
  eventTypes: analyticsEventTypes,
  apply: applyAnalyticsEvents,
};

import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';

/** GET /analytics/summary, /sales and /top-products, over the `analytics` read model (admins). */
@Module({ controllers: [AnalyticsController] })
export class AnalyticsReadModule {}

import { type DynamicModule } from '@nestjs/common';
import { AnalyticsReadModule } from './analytics/analytics.module';
import { CatalogReadModule } from './catalog/catalog.module';
import { InventoryReadModule } from './inventory/inventory.module';
import { NotificationsReadModule } from './notifications/notifications.module';
import { OrdersReadModule } from './orders/orders.module';
import { PipelineReadModule } from './pipeline/pipeline.module';
import { ProjectionsReadModule } from './projections/projections.module';
import { UsersReadModule } from './users/users.module';

/** Every feature module of the read API; each slice folder registers its module here. */
export const readApiFeatures: NonNullable<DynamicModule['imports']> = [
  CatalogReadModule,
  InventoryReadModule,
  OrdersReadModule,
  UsersReadModule,
  NotificationsReadModule,
  AnalyticsReadModule,
  ProjectionsReadModule,
  PipelineReadModule,
];

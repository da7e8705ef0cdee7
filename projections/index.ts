import { analyticsProjection } from './analytics';
import { catalogProjection } from './catalog';
import { inventoryProjection } from './inventory';
import { notificationsProjection } from './notifications';
import { ordersProjection } from './orders';
import { type Projection } from './runtime/projection';
import { usersProjection } from './users';

/** Every read model; `shopstream projections run` keeps them all following the event store. */
export const allProjections: readonly Projection[] = [
  catalogProjection,
  inventoryProjection,
  ordersProjection,
  usersProjection,
  notificationsProjection,
  analyticsProjection,
] as readonly Projection[];

export function projectionNamed(name: string): Projection | undefined {
  return allProjections.find((projection) => projection.name === name);
}

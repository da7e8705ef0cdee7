import { type DynamicModule } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { OrdersModule } from './orders/orders.module';
import { InventoryModule } from './inventory/inventory.module';
import { ProductsModule } from './products/products.module';
import { UsersModule } from './users/users.module';

/** Every feature module of the write API; each slice folder registers its module here. */
export const writeApiFeatures: NonNullable<DynamicModule['imports']> = [
  AuthModule,
  UsersModule,
  ProductsModule,
  InventoryModule,
  OrdersModule,
];

import { Module } from '@nestjs/common';
import { OrdersController } from './orders.controller';

/** GET /orders and GET /orders/{id}, over the `orders` read model. */
@Module({ controllers: [OrdersController] })
export class OrdersReadModule {}

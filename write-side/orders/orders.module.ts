import { Module } from '@nestjs/common';
import { CancelOrderController } from './cancel-order/cancel-order.controller';
import { DeliverOrderController } from './deliver-order/deliver-order.controller';
import { PayOrderController } from './pay-order/pay-order.controller';
import { PlaceOrderController } from './place-order/place-order.controller';
import { PlaceOrderHandler } from './place-order/place-order.handler';
import { ShipOrderController } from './ship-order/ship-order.controller';

/**
 * The order commands of the write API. Pay, cancel, ship and deliver are one decision each, run by
 * their controllers; placing an order first looks up its products and address in a handler.
 */
@Module({
  controllers: [
    PlaceOrderController,
    PayOrderController,
    CancelOrderController,
    ShipOrderController,
    DeliverOrderController,
  ],
  providers: [PlaceOrderHandler],
})
export class OrdersModule {}

import { Module } from '@nestjs/common';
import { CancelOrderController } from './cancel-order/cancel-order.controller';
import { CancelOrderHandler } from './cancel-order/cancel-order.handler';
import { DeliverOrderController } from './deliver-order/deliver-order.controller';
import { PayOrderController } from './pay-order/pay-order.controller';
import { PayOrderHandler } from './pay-order/pay-order.handler';
import { PlaceOrderController } from './place-order/place-order.controller';
import { PlaceOrderHandler } from './place-order/place-order.handler';
import { ShipOrderController } from './ship-order/ship-order.controller';

/**
 * The order commands of the write API. Ship and deliver run straight through the generic decision
 * path; place, pay and cancel have handlers for their extra step (resolving products and the
 * address, checking who may act on the order).
 */
@Module({
  controllers: [
    PlaceOrderController,
    PayOrderController,
    CancelOrderController,
    ShipOrderController,
    DeliverOrderController,
  ],
  providers: [PlaceOrderHandler, PayOrderHandler, CancelOrderHandler],
})
export class OrdersModule {}

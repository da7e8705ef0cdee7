import { Module } from '@nestjs/common';
import { AdjustStockController } from './adjust-stock/adjust-stock.controller';
import { ReceiveStockController } from './receive-stock/receive-stock.controller';
import { SetLowStockThresholdController } from './set-low-stock-threshold/set-low-stock-threshold.controller';

/** Stock kept by admins: deliveries, corrections and the low-stock threshold. */
@Module({
  controllers: [ReceiveStockController, AdjustStockController, SetLowStockThresholdController],
})
export class InventoryModule {}

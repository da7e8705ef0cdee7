import { Module } from '@nestjs/common';
import { InventoryController } from './inventory.controller';

/** GET /inventory and GET /inventory/{productId}, over the `inventory` read model. */
@Module({ controllers: [InventoryController] })
export class InventoryReadModule {}

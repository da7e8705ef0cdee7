import { ApiProperty } from '@nestjs/swagger';

export class InventoryItemResponse {
  @ApiProperty({ format: 'uuid' }) productId!: string;
  @ApiProperty({ example: 'MUG-BLUE-L' }) sku!: string;
  @ApiProperty({ type: 'integer', description: 'Units in the warehouse.' }) onHand!: number;
  @ApiProperty({ type: 'integer', description: 'Units held for open orders.' })
  reserved!: number;
  @ApiProperty({ type: 'integer', description: 'onHand - reserved: what can be sold.' })
  available!: number;
  @ApiProperty({ type: 'integer' }) lowStockThreshold!: number;
  @ApiProperty({ description: 'available <= lowStockThreshold.' }) lowStock!: boolean;
  @ApiProperty({ format: 'date-time', description: 'Last change of a level or the threshold.' })
  updatedAt!: string;
}

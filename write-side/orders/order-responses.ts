import { ApiProperty } from '@nestjs/swagger';
import { type OrderStatus } from '../../domain/order';

export class OrderPlacedResponse {
  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({
    enum: ['pending'],
    description: 'Stock is reserved afterwards; the order becomes confirmed or rejected.',
  })
  status!: 'pending';

  @ApiProperty({ description: 'Opaque position of the appended event (also in X-Position).' })
  position!: string;
}

export class OrderStatusResponse {
  @ApiProperty({ enum: ['paid', 'cancelled', 'shipped', 'delivered'] })
  status!: OrderStatus;

  @ApiProperty({ description: 'Opaque position of the appended event (also in X-Position).' })
  position!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { type OrderStatus } from '../../domain/order';
import { type CommandOutcome } from '../../platform/commands/handle-command';

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

/**
 * The position a write answers with. Every customer and admin order command appends (repeating
 * one is a 409, never a no-op), so a missing position is a bug, not a case to answer.
 */
export function appendedPosition(outcome: CommandOutcome<unknown, unknown>): string {
  if (outcome.position === null) throw new Error('the order command appended nothing');
  return outcome.position;
}

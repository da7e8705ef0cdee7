import { ApiProperty } from '@nestjs/swagger';
import { type InventoryEvent, type InventoryState } from '../../domain/inventory';
import { type CommandOutcome } from '../../platform/commands/handle-command';
import { PositionResponse, positionOf } from '../shared/position.response';

/** A product's stock levels right after the command, and the position of its last event. */
export class InventoryLevelsResponse extends PositionResponse {
  @ApiProperty({ type: 'integer', description: 'Units in the warehouse.', example: 40 })
  onHand!: number;

  @ApiProperty({ type: 'integer', description: 'Units held for open orders.', example: 3 })
  reserved!: number;

  @ApiProperty({
    type: 'integer',
    description: 'onHand - reserved: what can be sold.',
    example: 37,
  })
  available!: number;
}

export function levelsOf(
  outcome: CommandOutcome<InventoryState, InventoryEvent>,
): InventoryLevelsResponse {
  const { state } = outcome;
  // The admin commands refuse an untracked product, so a success always leaves it tracked.
  if (state.status !== 'tracked') throw new Error('an inventory command succeeded untracked');
  const { onHand, reserved, available } = state;
  return { onHand, reserved, available, position: positionOf(outcome) };
}

import { ApiProperty } from '@nestjs/swagger';

/** The answer of a write that creates nothing new: where its last event sits. */
export class PositionResponse {
  @ApiProperty({
    description:
      'Position of the last appended event (also in X-Position); hand it to the read API as ' +
      'X-Min-Position. A write that changed nothing answers with the stream’s current position.',
  })
  position!: string;
}

/** Commands on an existing user always have a position: the stream exists. */
export function positionOf(outcome: { position: string | null }): PositionResponse {
  if (outcome.position === null) throw new Error('a user command left no position');
  return { position: outcome.position };
}

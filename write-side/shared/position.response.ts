import { ApiProperty } from '@nestjs/swagger';
import { type Position } from '../../platform/event-store/port';

/** `{position}`: what a write answers when it has nothing else to say. */
export class PositionResponse {
  @ApiProperty({
    description:
      'Position of the last event this write appended (or of the latest one when it changed ' +
      'nothing). Opaque: hand it back in `X-Min-Position` to read your own write.',
    example: '000000000000000042',
  })
  position!: string;
}

/**
 * The outcome's position as a response value. A command on an existing aggregate always has one:
 * its stream has events even when the command appended none. Null means the stream is missing,
 * which the deciders already refuse with NotFoundError, so reaching it is a bug.
 */
export function positionOf(outcome: { position: Position | null }): string {
  if (outcome.position === null) throw new Error('a command succeeded on a stream with no events');
  return outcome.position;
}

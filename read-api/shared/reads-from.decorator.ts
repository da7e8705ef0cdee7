import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { POSITION_PATTERN } from '../../platform/event-store/position-codec';
import { ApiProblems } from '../../platform/http';

export const READS_FROM = 'shopstream:reads-from';
/** SPEC.md: X-Wait-Timeout-Ms defaults to 5000 and is at most 30000. */
export const DEFAULT_WAIT_MS = 5_000;
export const MAX_WAIT_MS = 30_000;

/**
 * Names the projections a route reads. A request carrying `X-Min-Position` waits until all of
 * them have processed that position (consistency.interceptor.ts).
 */
export function ReadsFrom(...projections: string[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(READS_FROM, projections),
    ApiHeader({
      name: 'X-Min-Position',
      required: false,
      description:
        'A `position` returned by the write API. The answer waits until the read models ' +
        `behind this route (${projections.join(', ')}) have processed it; see X-Consistent.`,
      schema: { type: 'string', pattern: POSITION_PATTERN },
    }),
    ApiHeader({
      name: 'X-Wait-Timeout-Ms',
      required: false,
      description: `How long to wait for X-Min-Position, in milliseconds; default ${DEFAULT_WAIT_MS}.`,
      schema: { type: 'integer', minimum: 0, maximum: MAX_WAIT_MS },
    }),
    // A malformed X-Min-Position or X-Wait-Timeout-Ms.
    ApiProblems(400),
    ApiResponse({
      status: 200,
      headers: {
        'X-Consistent': {
          description:
            'Sent when X-Min-Position was: true when the read models had processed it, false ' +
            'when the wait timed out (the answer may then miss that write).',
          schema: { type: 'string', enum: ['true', 'false'] },
        },
      },
    }),
  );
}

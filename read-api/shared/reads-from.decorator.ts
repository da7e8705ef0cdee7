import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';

export const READS_FROM = 'shopstream:reads-from';

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
    }),
    ApiHeader({
      name: 'X-Wait-Timeout-Ms',
      required: false,
      description: 'How long to wait for X-Min-Position: 0..30000, default 5000.',
    }),
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

import { type FastifyInstance } from 'fastify';

export const POSITION_HEADER = 'x-position';

/**
 * SPEC.md: every write answers with the `position` of its last event, in the body and in the
 * `X-Position` header. Handlers only return `{ ..., position }`; this copies it to the header,
 * so no handler can forget. A Fastify hook rather than a Nest interceptor: an interceptor wraps
 * every request in an rxjs pipeline, which cost more than this whole job (bench/README.md).
 * Installed on the write API (`exposePosition: true`).
 */
export function exposePositions(fastify: FastifyInstance): void {
  // preSerialization sees the object a handler returned (problems are sent as text and skip it).
  fastify.addHook('preSerialization', (_request, reply, body: unknown, done) => {
    const position = (body as { position?: unknown } | null | undefined)?.position;
    if (typeof position === 'string') reply.header(POSITION_HEADER, position);
    done(null, body);
  });
}

import { type FastifyInstance } from 'fastify';
import { MethodNotAllowedError } from './problems/http-errors';

type KnownPath = { pattern: RegExp; methods: Set<string>; catchAll: boolean };

/**
 * A request whose path exists with other methods is a 405 with `Allow` (RFC 9110 §15.5.6), not
 * Fastify's 404: a client that sent DELETE where only GET exists learns that the path is right
 * and the method is not. Fastify's router knows only exact method and path pairs, so the known
 * paths are recorded as routes are added and consulted when a request found no route.
 */
export function answerUnknownMethods(fastify: FastifyInstance): void {
  const known = new Map<string, KnownPath>();
  fastify.addHook('onRoute', (route) => {
    const entry = known.get(route.url) ?? {
      pattern: pathPattern(route.url),
      methods: new Set<string>(),
      // A catch-all (a CORS preflight's `OPTIONS *`) must not turn every unknown path into 405.
      catchAll: route.url === '*' || route.url === '/*',
    };
    for (const method of [route.method].flat()) entry.methods.add(method.toUpperCase());
    known.set(route.url, entry);
  });

  fastify.addHook('onRequest', async (request) => {
    if (!request.is404) return;
    const path = request.url.split('?', 1)[0] ?? '';
    const matches = [...known.values()].filter(({ pattern }) => pattern.test(path));
    if (!matches.some(({ catchAll }) => !catchAll)) return;
    const allowed = [...new Set(matches.flatMap(({ methods }) => [...methods]))].sort();
    throw new MethodNotAllowedError(request.method, allowed);
  });
}

/** `/orders/:id/pay` -> /^\/orders\/[^/]+\/pay$/; `*` matches the rest of the path. */
function pathPattern(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) =>
      part === '*'
        ? '.*'
        : part.startsWith(':')
          ? '[^/]+'
          : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`);
}

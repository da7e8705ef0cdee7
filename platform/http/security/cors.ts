import cors from '@fastify/cors';
import { type FastifyInstance } from 'fastify';

/** What a browser app may send: the headers of SPEC.md's HTTP conventions. */
const REQUEST_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'X-Min-Position',
  'X-Wait-Timeout-Ms',
  'X-Correlation-Id',
];

/** What it may read beyond the CORS-safelisted response headers. */
const RESPONSE_HEADERS = [
  'Link',
  'Location',
  'Retry-After',
  'WWW-Authenticate',
  'X-Position',
  'X-Consistent',
  'X-Correlation-Id',
  'X-Next-Cursor',
];

/**
 * Lets browser apps on the configured origins call this API; any other origin gets no
 * `Access-Control-*` header at all (not even on a preflight), so its browser blocks the call.
 * With no origin configured the plugin is not installed. Bearer tokens, not cookies, carry
 * credentials, so `Access-Control-Allow-Credentials` is never sent.
 */
export async function allowBrowserOrigins(
  fastify: FastifyInstance,
  origins: readonly string[],
): Promise<void> {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  await fastify.register(cors, {
    // A function, not the list: with a list, @fastify/cors still sends the other
    // Access-Control-* headers to a refused origin. `false` makes it send none.
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: REQUEST_HEADERS,
    exposedHeaders: RESPONSE_HEADERS,
    // Browsers cap this (Chromium at 2 h); one preflight per route per 10 min is plenty.
    maxAge: 600,
    // Its strict mode answers an incomplete preflight in text/plain; ours are problem+json.
    strictPreflight: false,
  });
}

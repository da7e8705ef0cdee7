import { createHash } from 'node:crypto';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { DOCS_PATH } from '../openapi/openapi';

/**
 * What a browser may do with our answers, as @fastify/helmet puts it, on every answer. An API answer
 * is data, never a page: its policy allows nothing to load and no one to frame it. The one page
 * we serve, Swagger UI at /docs, gets what it needs on top: its own scripts, styles and images,
 * calls back to this server for "Try it out", and its inline styles by hash (they are fixed when
 * the app starts, see `pinDocsPageStyles`), so an injected style still does not apply.
 */
const API_POLICY = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

const HEADERS: FastifyHelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: API_POLICY },
  referrerPolicy: { policy: 'no-referrer' },
  // Same decision as frame-ancestors, for browsers that predate CSP level 2.
  frameguard: { action: 'deny' },
  // The APIs speak plain HTTP; HSTS (and its reach over subdomains) is the TLS terminator's call.
  strictTransportSecurity: false,
};

/**
 * The docs page's headers: its inline styles, as CSP sources, are known only once the page can
 * be rendered (`pinDocsPageStyles`).
 */
export type DocsPageStyles = { sources: string[]; headers: Record<string, string> };

/**
 * @fastify/helmet builds its whole middleware again (options, CSP directives) for every request;
 * our policies are fixed, so each is asked of helmet once, at start, and its headers are copied
 * onto every answer.
 */
export async function registerSecurityHeaders(
  fastify: FastifyInstance,
  docsPage: DocsPageStyles,
): Promise<void> {
  const apiHeaders = await helmetHeaders(HEADERS);
  docsPage.headers = await docsPageHeaders(docsPage.sources);
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(apiHeaders);
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    // The only HTML this server sends is Swagger UI.
    if (String(reply.getHeader('content-type')).startsWith('text/html')) {
      reply.headers(docsPage.headers);
    }
    done(null, payload);
  });
}

function docsPageHeaders(styleSources: readonly string[]): Promise<Record<string, string>> {
  return helmetHeaders({
    ...HEADERS,
    contentSecurityPolicy: { useDefaults: false, directives: docsPolicy(styleSources) },
  });
}

function docsPolicy(styleSources: readonly string[]) {
  return {
    ...API_POLICY,
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", ...styleSources],
    // The stylesheet's icons are data: URIs.
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
  };
}

/** The headers @fastify/helmet sets with `options`, read from one answer of a bare Fastify. */
async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify();
  await probe.register(helmet, options);
  // By the time a handler runs, the only headers set are helmet's (an onRequest hook).
  probe.get('/', (_request, reply) => reply.send(reply.getHeaders()));
  const answer = await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  return answer.json<Record<string, string>>();
}

/** Reads the docs page the app renders and allows exactly its inline styles from now on. */
export async function pinDocsPageStyles(
  app: NestFastifyApplication,
  docsPage: DocsPageStyles,
): Promise<void> {
  const page = await app.inject({ method: 'GET', url: `/${DOCS_PATH}` });
  docsPage.sources = inlineStyleSources(page.body);
  docsPage.headers = await docsPageHeaders(docsPage.sources);
}

/**
 * CSP hashes of the docs page's `<style>` blocks and `style` attributes, read from the page the
 * app renders (NestJS builds it once, at start). A hash of an attribute counts only with
 * 'unsafe-hashes', which allows exactly those attribute values and nothing else.
 */
export function inlineStyleSources(html: string): string[] {
  const blocks = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]);
  const attributes = [...html.matchAll(/\sstyle="([^"]*)"/gi)].map((m) => m[1]);
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  return [
    ...(attributes.length > 0 ? ["'unsafe-hashes'"] : []),
    ...new Set([...blocks, ...attributes].map(hash)),
  ];
}

import { Header, applyDecorators } from '@nestjs/common';

/**
 * For answers that carry a credential (tokens, a new account): no browser, proxy or CDN may
 * keep a copy (RFC 9111 §5.2.2.5; RFC 6749 §5.1 asks the same of token responses, with Pragma
 * for HTTP/1.0 caches).
 */
export function NoStore(): MethodDecorator {
  return applyDecorators(Header('Cache-Control', 'no-store'), Header('Pragma', 'no-cache'));
}

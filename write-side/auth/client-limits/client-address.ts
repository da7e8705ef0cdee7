import { isIPv6 } from 'node:net';
import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';

/**
 * The client a request counts against in per-client limits: `request.ip`, which Fastify takes
 * from the socket or, when TRUST_PROXY is set, from X-Forwarded-For. One IPv4 address is one
 * client; for IPv6 it is the /64, since a single host is routinely handed a whole /64 and could
 * otherwise take a fresh address for every request.
 */
export function clientKeyOf(address: string): string {
  const withoutZone = address.split('%')[0];
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(withoutZone);
  if (mapped) return mapped[1];
  if (!isIPv6(withoutZone)) return withoutZone;
  return `${expandIPv6(withoutZone).slice(0, 4).join(':')}::/64`;
}

/** The client of the request being handled, as `clientKeyOf` names it. */
export function clientOf(context: ExecutionContext): string {
  return clientKeyOf(context.switchToHttp().getRequest<FastifyRequest>().ip);
}

/** `@ClientKey() client: string`: the request's client for per-client limits. */
export const ClientKey = createParamDecorator((_: unknown, context: ExecutionContext): string =>
  clientOf(context),
);

/** The eight groups of an IPv6 address, `::` filled in, each in lowercase without leading zeros. */
function expandIPv6(address: string): string[] {
  const [head, tail] = address.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const missing = tail === undefined ? 0 : 8 - groups(head).length - groups(tail).length;
  return [...groups(head), ...Array<string>(missing).fill('0'), ...groups(tail)].map((group) =>
    group.includes('.') ? group : parseInt(group, 16).toString(16),
  );
}

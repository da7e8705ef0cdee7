import { type Principal } from '../../platform/auth/principal';
import { type CommandContext } from '../../platform/commands/command-context';

/** The command context of an HTTP request: who acted, under which correlation id, when. */
export function requestContext(
  correlationId: string,
  principal: Principal | null,
  now: Date = new Date(),
): CommandContext {
  return { correlationId, userId: principal?.userId ?? null, now: now.toISOString() };
}

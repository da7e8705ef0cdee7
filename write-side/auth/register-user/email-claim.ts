import { ConflictError } from '../../../domain/shared/errors';
import { claimDecider, streamName as claimStream } from '../../../domain/uniqueness';
import { streamName as userStream } from '../../../domain/user';
import { type CommandContext } from '../../../platform/commands/command-context';
import { loadAggregate } from '../../../platform/commands/handle-command';
import { type EventStore } from '../../../platform/event-store/port';
import { type RunDecision } from '../shared/run-decision';
import { ORPHANED_CLAIM_GRACE_MS, orphanedClaimDecider } from './orphaned-claim';

/**
 * Step 1 of a registration (see domain/uniqueness): claim the normalised email for `userId`.
 * Of concurrent claimants exactly one wins; the others get a ConflictError (409). A claim held
 * by an owner whose user stream never appeared and older than the grace period is taken over.
 */
export async function claimEmail(
  store: EventStore,
  run: RunDecision,
  normalisedEmail: string,
  userId: string,
  context: CommandContext,
): Promise<void> {
  const stream = claimStream('email', normalisedEmail);
  const key = normalisedEmail;
  try {
    await run(
      claimDecider,
      stream,
      { type: 'ClaimKey', data: { key, ownerId: userId, now: context.now } },
      context,
    );
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const orphanOwnerId = await orphanedOwnerOf(store, stream, context.now);
    if (orphanOwnerId === undefined) throw error;
    const orphanedBefore = new Date(
      Date.parse(context.now) - ORPHANED_CLAIM_GRACE_MS,
    ).toISOString();
    await run(
      orphanedClaimDecider,
      stream,
      {
        type: 'TakeOverOrphanedClaim',
        data: { key, ownerId: userId, orphanOwnerId, orphanedBefore, now: context.now },
      },
      context,
    );
  }
}

/** Step 3 after a failed user append: free the email again. Only our own claim is released. */
export async function releaseEmail(
  run: RunDecision,
  normalisedEmail: string,
  userId: string,
  context: CommandContext,
): Promise<void> {
  await run(
    claimDecider,
    claimStream('email', normalisedEmail),
    { type: 'ReleaseKey', data: { ownerId: userId, now: context.now } },
    context,
  );
}

/**
 * The claim's owner when the claim is past the grace period and its user stream is absent. The
 * age is checked first so the common 409 (a live claim) costs no extra read; the takeover
 * decider checks it again against the state it appends to.
 */
async function orphanedOwnerOf(
  store: EventStore,
  stream: string,
  now: string,
): Promise<string | undefined> {
  const { state } = await loadAggregate(store, claimDecider, stream);
  if (state.status !== 'claimed') return undefined;
  if (Date.parse(state.claimedAt) >= Date.parse(now) - ORPHANED_CLAIM_GRACE_MS) return undefined;
  const owner = await store.readStream(userStream(state.ownerId), { maxCount: 1 });
  return owner.length === 0 ? state.ownerId : undefined;
}

import { ConflictError } from '../../domain/shared/errors';
import {
  CLAIM_TO_OWNER_BUDGET_MS,
  type ClaimScope,
  claimDecider,
  orphanCandidate,
  streamName as claimStream,
} from '../../domain/uniqueness';
import { type CommandContext } from '../../platform/commands/command-context';
import { type CommandRunner } from '../../platform/commands/command-runner';
import { loadAggregate } from '../../platform/commands/handle-command';
import { ServiceUnavailableError } from '../../platform/http';

/** A unique key (normalised) and the aggregate that is to own it. */
export type UniqueKey = Readonly<{
  scope: ClaimScope;
  key: string;
  /** How the key reads in a 409: `SKU MUG-1`, `email alice@example.com`. */
  label: string;
  ownerId: string;
  /** The stream of an owner of such a key: while it does not exist, its old claim is orphaned. */
  ownerStream: (ownerId: string) => string;
}>;

/**
 * Creates an aggregate whose key must be unique (a user's email, a product's SKU), the way
 * domain/uniqueness describes: claim the key, run `create` (the owner's first append), and
 * release the claim if that fails. A taken key is a ConflictError (409) naming it.
 */
export async function createUnderClaim<T>(
  runner: CommandRunner,
  unique: UniqueKey,
  context: CommandContext,
  create: () => Promise<T>,
): Promise<T> {
  const claimedAt = Date.now();
  await claim(runner, unique, context);
  try {
    // Past this budget another creation may already have taken the claim over as orphaned.
    if (Date.now() - claimedAt > CLAIM_TO_OWNER_BUDGET_MS) {
      throw new ServiceUnavailableError('The request took too long; please retry.');
    }
    return await create();
  } catch (error) {
    // Best effort: a claim left behind is an orphan that a later creation takes over.
    await runner
      .run(
        claimDecider,
        claimStream(unique.scope, unique.key),
        { type: 'ReleaseKey', data: { ownerId: unique.ownerId, now: context.now } },
        context,
      )
      .catch(() => undefined);
    throw error;
  }
}

/** Claims the key, taking over the claim of a holder whose creation died (domain/uniqueness). */
async function claim(
  runner: CommandRunner,
  unique: UniqueKey,
  context: CommandContext,
): Promise<void> {
  const { key, ownerId } = unique;
  const { now } = context;
  const stream = claimStream(unique.scope, key);
  const claimKey = { type: 'ClaimKey', data: { key, ownerId, now } } as const;
  const claimed = await runner.run(claimDecider, stream, claimKey, context).then(
    () => true,
    (error: unknown) => {
      if (error instanceof ConflictError) return false;
      throw error;
    },
  );
  if (claimed) return;
  const orphanOwnerId = await orphanedOwnerOf(runner, stream, unique, now);
  if (orphanOwnerId === undefined) throw taken(unique);
  const takeOver = {
    type: 'TakeOverOrphanedClaim',
    data: { key, ownerId, orphanOwnerId, now },
  } as const;
  await runner.run(claimDecider, stream, takeOver, context).catch((error: unknown) => {
    throw error instanceof ConflictError ? taken(unique) : error;
  });
}

/** The claim's own message names only the key; the client needs to know which field. */
function taken(unique: UniqueKey): ConflictError {
  return new ConflictError(`${unique.label} is already taken`);
}

/**
 * The holder of a claim past the grace period whose owner stream does not exist. The age is
 * checked first, so the common 409 (a live claim) costs one read and no more.
 */
async function orphanedOwnerOf(
  runner: CommandRunner,
  stream: string,
  unique: UniqueKey,
  now: string,
): Promise<string | undefined> {
  const { state } = await loadAggregate(runner.store, claimDecider, stream);
  const candidate = orphanCandidate(state, now);
  if (candidate === undefined) return undefined;
  const owner = await runner.store.readStream(unique.ownerStream(candidate), { maxCount: 1 });
  return owner.length === 0 ? candidate : undefined;
}

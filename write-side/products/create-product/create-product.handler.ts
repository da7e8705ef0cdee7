import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type CreateProduct,
  type ProductCreated,
  productDecider,
  streamName as productStream,
} from '../../../domain/product';
import { type CommandContext } from '../../../platform/commands/command-context';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { positionOf } from '../../shared/position.response';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { createUnderClaim } from '../../shared/unique-claim';

export type CreateProductResult = Readonly<{ productId: string; position: string }>;

export class CreateProductCommand extends Command<CreateProductResult> {
  constructor(
    readonly product: CreateProduct,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * A new product is two appends to two streams, since an event store is atomic and unique only
 * within one stream (see domain/uniqueness/index.ts):
 * 1. claim `unique-sku-{SKU}` for the new product id: of concurrent creations of one SKU exactly
 *    one wins, the others get 409 (../../shared/unique-claim.ts, which also takes over a claim
 *    whose product never appeared);
 * 2. `ProductCreated` on `product-{id}`, with its opening stock, releasing the claim if that fails.
 * Its stock record is opened from that event by the inventory-opening process manager
 * (process-managers/inventory-opening/), milliseconds later; stock commands sent meanwhile wait
 * for it (../../inventory/stock-record.ts).
 */
@CommandHandler(CreateProductCommand)
export class CreateProductHandler implements ICommandHandler<CreateProductCommand> {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  async execute({ product, context }: CreateProductCommand): Promise<CreateProductResult> {
    const { productId, sku } = decideCreation(product).data;
    const unique = {
      scope: 'sku',
      key: sku,
      label: `SKU ${sku}`,
      ownerId: productId,
      ownerStream: productStream,
    } as const;
    const outcome = await createUnderClaim(this.runner, unique, context, () =>
      this.runner.run(productDecider, productStream(productId), product, context),
    );
    return { productId, position: positionOf(outcome) };
  }
}

/** Decided once on empty state first, so a request the domain refuses claims nothing. */
function decideCreation(product: CreateProduct): ProductCreated {
  const [created] = productDecider.decide(product, productDecider.initialState());
  if (created?.type !== 'ProductCreated') throw new Error('CreateProduct decided no creation');
  return created;
}

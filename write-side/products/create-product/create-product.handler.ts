import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Logger } from 'pino';
import {
  type InitialiseInventory,
  inventoryDecider,
  streamName as inventoryStream,
} from '../../../domain/inventory';
import {
  type CreateProduct,
  type ProductCreated,
  productDecider,
  streamName as productStream,
} from '../../../domain/product';
import { type CommandContext } from '../../../platform/commands/command-context';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { loadAggregate } from '../../../platform/commands/handle-command';
import { LOGGER, ServiceUnavailableError } from '../../../platform/http';
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

/** Attempts at initialising the inventory once the product exists, and the pause between them. */
const INVENTORY_ATTEMPTS = 3;
const INVENTORY_RETRY_DELAY_MS = 100;

/**
 * A new product is three appends to three streams, since an event store is atomic and unique only
 * within one stream (see domain/uniqueness/index.ts):
 * 1. claim `unique-sku-{SKU}` for the new product id: of concurrent creations of one SKU exactly
 *    one wins, the others get 409 (../../shared/unique-claim.ts, which also takes over a claim
 *    whose product never appeared);
 * 2. `ProductCreated` on `product-{id}`, with its opening stock, releasing the claim if that fails;
 * 3. `InventoryInitialised` on `inventory-{id}`, with the same stock and threshold.
 * Step 3 is retried a few times. Should it still fail, the product stands without a stock record:
 * the answer is a 503 naming the product id, and the next inventory command on that product
 * creates the record with 0 on hand (../../inventory/stock-record.ts).
 */
@CommandHandler(CreateProductCommand)
export class CreateProductHandler implements ICommandHandler<CreateProductCommand> {
  constructor(
    @Inject(COMMAND_RUNNER) private readonly runner: CommandRunner,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute({ product, context }: CreateProductCommand): Promise<CreateProductResult> {
    const { productId, sku, initialStock, lowStockThreshold } = decideCreation(product).data;
    const unique = {
      scope: 'sku',
      key: sku,
      label: `SKU ${sku}`,
      ownerId: productId,
      ownerStream: productStream,
    } as const;
    await createUnderClaim(this.runner, unique, context, () =>
      this.runner.run(productDecider, productStream(productId), product, context),
    );
    const inventory: InitialiseInventory = {
      type: 'InitialiseInventory',
      data: { productId, sku, initialStock, lowStockThreshold, now: context.now },
    };
    return { productId, position: await this.initialise(inventory, context) };
  }

  private async initialise(command: InitialiseInventory, context: CommandContext): Promise<string> {
    const { productId } = command.data;
    const stream = inventoryStream(productId);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.runner.run(inventoryDecider, stream, command, context);
        return positionOf(outcome);
      } catch (error) {
        this.logger.warn(
          { err: error, correlationId: context.correlationId, productId, attempt },
          'initialising the inventory of a new product failed',
        );
        if (attempt >= INVENTORY_ATTEMPTS) break;
      }
      await sleep(INVENTORY_RETRY_DELAY_MS * attempt);
      // A failed append may still have committed (the answer was lost): then it is done.
      const loaded = await loadAggregate(this.runner.store, inventoryDecider, stream).catch(
        () => null,
      );
      if (loaded?.state.status === 'tracked') return positionOf(loaded);
    }
    this.logger.error(
      { correlationId: context.correlationId, productId },
      'product created without an inventory record; the next inventory command creates it',
    );
    throw new ServiceUnavailableError(
      `Product ${productId} was created, but its stock record could not be; the next ` +
        `inventory command on it (e.g. POST /inventory/${productId}/receive) creates it with 0 ` +
        'on hand.',
      { productId },
    );
  }
}

/** Decided once on empty state first, so a request the domain refuses claims nothing. */
function decideCreation(product: CreateProduct): ProductCreated {
  const [created] = productDecider.decide(product, productDecider.initialState());
  if (created?.type !== 'ProductCreated') throw new Error('CreateProduct decided no creation');
  return created;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

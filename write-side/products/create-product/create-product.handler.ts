import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Logger } from 'pino';
import {
  type InitialiseInventory,
  inventoryDecider,
  streamName as inventoryStream,
} from '../../../domain/inventory';
import {
  type CreateProduct,
  normaliseSku,
  productDecider,
  streamName as productStream,
} from '../../../domain/product';
import { ConflictError } from '../../../domain/shared/errors';
import {
  type ClaimKey,
  type ReleaseKey,
  claimDecider,
  streamName as claimStream,
} from '../../../domain/uniqueness';
import { type CommandContext } from '../../../platform/commands/command-context';
import { loadAggregate } from '../../../platform/commands/handle-command';
import { type EventStore } from '../../../platform/event-store/port';
import { LOGGER, ServiceUnavailableError } from '../../../platform/http';
import { decision } from '../../shared/execute-decision';
import { EVENT_STORE } from '../../shared/tokens';
import { positionOf } from '../../shared/position.response';

export type CreateProductInput = Readonly<{
  productId: string;
  sku: string;
  name: string;
  description?: string;
  category: string;
  priceCents: number;
  initialStock: number;
  lowStockThreshold?: number;
}>;

export type CreateProductResult = Readonly<{ productId: string; position: string }>;

export class CreateProductCommand extends Command<CreateProductResult> {
  constructor(
    readonly input: CreateProductInput,
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
 *    one wins, the others get 409;
 * 2. `ProductCreated` on `product-{id}`, releasing the claim if that fails;
 * 3. `InventoryInitialised` on `inventory-{id}`, with the requested stock and threshold.
 * Step 3 is retried a few times. Should it still fail, the product stands without a stock record:
 * the answer is a 503 naming the product id, and the next inventory command on that product
 * creates the record with 0 on hand (../../inventory/execute-inventory-command.ts).
 */
@CommandHandler(CreateProductCommand)
export class CreateProductHandler implements ICommandHandler<CreateProductCommand> {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute({ input, context }: CreateProductCommand): Promise<CreateProductResult> {
    const sku = normaliseSku(input.sku);
    const product: CreateProduct = {
      type: 'CreateProduct',
      data: {
        productId: input.productId,
        sku: input.sku,
        name: input.name,
        description: input.description,
        category: input.category,
        priceCents: input.priceCents,
        now: context.now,
      },
    };
    const inventory: InitialiseInventory = {
      type: 'InitialiseInventory',
      data: {
        productId: input.productId,
        sku,
        initialStock: input.initialStock,
        lowStockThreshold: input.lowStockThreshold,
        now: context.now,
      },
    };
    // Decided once on empty state first, so a request the domain refuses claims nothing.
    productDecider.decide(product, productDecider.initialState());
    inventoryDecider.decide(inventory, inventoryDecider.initialState());

    await this.claimSku(sku, input.productId, context);
    try {
      await this.commandBus.execute(
        decision(productDecider, productStream(input.productId), product, context),
      );
    } catch (error) {
      await this.releaseSku(sku, input.productId, context);
      throw error;
    }
    return { productId: input.productId, position: await this.initialise(inventory, context) };
  }

  private async claimSku(sku: string, productId: string, context: CommandContext): Promise<void> {
    const claim: ClaimKey = {
      type: 'ClaimKey',
      data: { key: sku, ownerId: productId, now: context.now },
    };
    try {
      await this.commandBus.execute(
        decision(claimDecider, claimStream('sku', sku), claim, context),
      );
    } catch (error) {
      // The claim's own message names only the key; the client needs to know which field.
      if (error instanceof ConflictError) throw new ConflictError(`SKU ${sku} is already taken`);
      throw error;
    }
  }

  /** Best effort: if this fails too, the claim is an orphan an operator can release by owner. */
  private async releaseSku(sku: string, productId: string, context: CommandContext): Promise<void> {
    const release: ReleaseKey = {
      type: 'ReleaseKey',
      data: { ownerId: productId, now: context.now },
    };
    try {
      await this.commandBus.execute(
        decision(claimDecider, claimStream('sku', sku), release, context),
      );
    } catch (error) {
      this.logger.error(
        { err: error, correlationId: context.correlationId, sku, productId },
        'could not release the SKU claim of a product that was not created',
      );
    }
  }

  private async initialise(command: InitialiseInventory, context: CommandContext): Promise<string> {
    const { productId } = command.data;
    const stream = inventoryStream(productId);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.commandBus.execute(
          decision(inventoryDecider, stream, command, context),
        );
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
      const loaded = await loadAggregate(this.store, inventoryDecider, stream).catch(() => null);
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

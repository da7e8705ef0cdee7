import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Logger } from 'pino';
import {
  type AdjustStock,
  type InitialiseInventory,
  type InventoryEvent,
  type InventoryState,
  type ReceiveStock,
  type SetLowStockThreshold,
  inventoryDecider,
  streamName as inventoryStream,
} from '../../domain/inventory';
import { productDecider, streamName as productStream } from '../../domain/product';
import { IllegalStateError, NotFoundError } from '../../domain/shared/errors';
import { type CommandContext } from '../../platform/commands/command-context';
import { type CommandOutcome, loadAggregate } from '../../platform/commands/handle-command';
import { type EventStore } from '../../platform/event-store/port';
import { LOGGER } from '../../platform/http';
import { decision } from '../shared/execute-decision';
import { EVENT_STORE } from '../shared/tokens';

/** The inventory commands an admin sends over HTTP (the saga sends the reservation ones). */
export type AdminInventoryCommand = ReceiveStock | AdjustStock | SetLowStockThreshold;

export class ExecuteInventoryCommand extends Command<
  CommandOutcome<InventoryState, InventoryEvent>
> {
  constructor(
    readonly command: AdminInventoryCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Runs an admin's inventory command through the generic decision path, with one extra step.
 * Every product gets its stock record when it is created, but if that append failed for good
 * (see ../products/create-product/create-product.handler.ts) the product stands without one.
 * Rather than leave it unsellable, the first inventory command on it creates the record with 0
 * on hand and then runs. A product that does not exist is a 404.
 */
@CommandHandler(ExecuteInventoryCommand)
export class ExecuteInventoryCommandHandler implements ICommandHandler<ExecuteInventoryCommand> {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute({
    command,
    context,
  }: ExecuteInventoryCommand): Promise<CommandOutcome<InventoryState, InventoryEvent>> {
    const run = () =>
      this.commandBus.execute(
        decision(inventoryDecider, inventoryStream(command.data.productId), command, context),
      );
    try {
      return await run();
    } catch (error) {
      // For these commands the inventory decider's only NotFoundError is "no stock record".
      if (!(error instanceof NotFoundError)) throw error;
    }
    await this.createMissingRecord(command.data.productId, context);
    return run();
  }

  private async createMissingRecord(productId: string, context: CommandContext): Promise<void> {
    const { state } = await loadAggregate(this.store, productDecider, productStream(productId));
    if (state.status === 'absent') throw new NotFoundError(`product ${productId} not found`);

    this.logger.warn(
      { correlationId: context.correlationId, productId },
      'product had no inventory record; creating it with 0 on hand',
    );
    const initialise: InitialiseInventory = {
      type: 'InitialiseInventory',
      data: { productId, sku: state.sku, initialStock: 0, now: context.now },
    };
    try {
      await this.commandBus.execute(
        decision(inventoryDecider, inventoryStream(productId), initialise, context),
      );
    } catch (error) {
      // A concurrent command created it meanwhile: just as good.
      if (!(error instanceof IllegalStateError)) throw error;
    }
  }
}

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
import { type CommandRunner } from '../../platform/commands/command-runner';
import { type CommandOutcome, loadAggregate } from '../../platform/commands/handle-command';

/** The inventory commands an admin sends over HTTP (the saga sends the reservation ones). */
export type AdminInventoryCommand = ReceiveStock | AdjustStock | SetLowStockThreshold;

/**
 * Runs an admin's command on a product's stock record, opening the record first when it is
 * missing. Every product gets one when it is created, but if that append failed for good (see
 * ../products/create-product/create-product.handler.ts) the product stands without it. Rather
 * than leave it unsellable, the first admin command on it opens the record with 0 on hand and
 * then runs. A product that does not exist is a 404.
 */
export async function runOnStockRecord(
  runner: CommandRunner,
  command: AdminInventoryCommand,
  context: CommandContext,
  logger: Logger,
): Promise<CommandOutcome<InventoryState, InventoryEvent>> {
  const { productId } = command.data;
  const run = () => runner.run(inventoryDecider, inventoryStream(productId), command, context);
  try {
    return await run();
  } catch (error) {
    // For these commands the inventory decider's only NotFoundError is "no stock record".
    if (!(error instanceof NotFoundError)) throw error;
  }
  await openMissingRecord(runner, productId, context, logger);
  return run();
}

async function openMissingRecord(
  runner: CommandRunner,
  productId: string,
  context: CommandContext,
  logger: Logger,
): Promise<void> {
  const { state } = await loadAggregate(runner.store, productDecider, productStream(productId));
  if (state.status === 'absent') throw new NotFoundError(`product ${productId} not found`);

  logger.warn(
    { correlationId: context.correlationId, productId },
    'product had no inventory record; creating it with 0 on hand',
  );
  const initialise: InitialiseInventory = {
    type: 'InitialiseInventory',
    data: { productId, sku: state.sku, initialStock: 0, now: context.now },
  };
  try {
    await runner.run(inventoryDecider, inventoryStream(productId), initialise, context);
  } catch (error) {
    // A concurrent command opened it meanwhile: just as good.
    if (!(error instanceof IllegalStateError)) throw error;
  }
}

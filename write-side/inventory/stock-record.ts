import {
  type AdjustStock,
  type InventoryEvent,
  type InventoryState,
  type ReceiveStock,
  type SetLowStockThreshold,
  inventoryDecider,
  streamName as inventoryStream,
} from '../../domain/inventory';
import { productDecider, streamName as productStream } from '../../domain/product';
import { NotFoundError } from '../../domain/shared/errors';
import { type CommandContext } from '../../platform/commands/command-context';
import { type CommandRunner } from '../../platform/commands/command-runner';
import { type CommandOutcome, loadAggregate } from '../../platform/commands/handle-command';
import { ServiceUnavailableError } from '../../platform/http';

/** The inventory commands an admin sends over HTTP (the saga sends the reservation ones). */
export type AdminInventoryCommand = ReceiveStock | AdjustStock | SetLowStockThreshold;

/** How long a request waits for a new product's stock record before answering 503. */
export const STOCK_RECORD_WAIT_MS = 2_000;
const POLL_MS = 25;

/**
 * Runs an admin's command on a product's stock record. The record is opened by the
 * inventory-opening process manager reacting to ProductCreated, a few milliseconds after the
 * product exists; a command sent in between waits for it (bounded), so "create, then receive"
 * just works. A product that does not exist is a 404; a record that does not appear in time
 * (the process managers are down) is a 503 with Retry-After, and nothing was written.
 */
export async function runOnStockRecord(
  runner: CommandRunner,
  command: AdminInventoryCommand,
  context: CommandContext,
): Promise<CommandOutcome<InventoryState, InventoryEvent>> {
  const { productId } = command.data;
  const run = () => runner.run(inventoryDecider, inventoryStream(productId), command, context);
  try {
    return await run();
  } catch (error) {
    // For these commands the inventory decider's only NotFoundError is "no stock record".
    if (!(error instanceof NotFoundError)) throw error;
  }
  const { state } = await loadAggregate(runner.store, productDecider, productStream(productId));
  if (state.status === 'absent') throw new NotFoundError(`product ${productId} not found`);
  const deadline = Date.now() + STOCK_RECORD_WAIT_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const record = await runner.store.readStream(inventoryStream(productId), { maxCount: 1 });
    if (record.length > 0) return run();
  }
  throw new ServiceUnavailableError(
    `The stock record of product ${productId} is not open yet (the process managers open it ` +
      'when the product is created); retry shortly.',
    { productId },
    1,
  );
}

import { freePort } from '../harness/runtime/net';
import { type ShopstreamProcess, spawnShopstream } from './shopstream-process.testing';

/** `shopstream projections run` as its own process, from a build of the current sources. */
export type WorkerProcess = ShopstreamProcess;

export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const port = await freePort();
  return spawnShopstream(['projections', 'run'], { PROJECTIONS_PORT: String(port), ...env });
}

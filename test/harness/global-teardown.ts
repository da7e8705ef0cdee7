import { finishRun } from './runtime/cleanup';
import { takeHarnessState } from './state';

/** Stops and removes everything global-setup.ts started; services from the environment stay. */
export default async function globalTeardown(): Promise<void> {
  const state = takeHarnessState();
  if (!state) return;
  const results = await Promise.allSettled(state.running.map((service) => service.stop()));
  finishRun();
  for (const name of state.publishedEnv) delete process.env[name];
  results.forEach((result, i) => {
    if (result.status === 'rejected') {
      console.error(`[harness] stopping ${state.running[i].name} failed: ${String(result.reason)}`);
    }
  });
}

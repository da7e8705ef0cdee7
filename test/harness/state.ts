import { type RunningService } from './service';

/** What globalSetup started, for globalTeardown (jest runs both in the same process). */
export interface HarnessState {
  running: RunningService[];
  /** Variables set by the harness, unset again at teardown (so a --watch rerun starts afresh). */
  publishedEnv: string[];
}

const KEY = Symbol.for('shopstream.test-harness');
type WithState = typeof globalThis & { [KEY]?: HarnessState };

export function saveHarnessState(state: HarnessState): void {
  (globalThis as WithState)[KEY] = state;
}

export function takeHarnessState(): HarnessState | undefined {
  const state = (globalThis as WithState)[KEY];
  delete (globalThis as WithState)[KEY];
  return state;
}

import { AsyncLocalStorage } from 'node:async_hooks';
import {
  asProcessCommand,
  type CommandContext,
  commandContext,
  withCommandContext,
} from './command-context';

const contextFor = (...args: string[]): CommandContext => ({
  args,
  stdout: { write: () => true, isTTY: false },
  stderr: { write: () => true, isTTY: false },
  setExitCode: () => undefined,
});

describe('command contexts', () => {
  afterEach(() => jest.restoreAllMocks());

  it("runs the process's own command without AsyncLocalStorage, which would keep async hooks on", async () => {
    const run = jest.spyOn(AsyncLocalStorage.prototype, 'run');
    const own = contextFor('write-api');
    await asProcessCommand(own, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(commandContext()).toBe(own);
    });
    expect(run).not.toHaveBeenCalled();
  });

  it('gives a forwarded command its own context beside the process command, and each keeps its own', async () => {
    const own = contextFor('start');
    const forwarded = [contextFor('projections', 'list'), contextFor('users', 'create-admin')];
    await asProcessCommand(own, async () => {
      const seen = await Promise.all(
        forwarded.map((context) =>
          withCommandContext(context, async () => {
            await new Promise((resolve) => setImmediate(resolve));
            return commandContext();
          }),
        ),
      );
      expect(seen).toEqual(forwarded);
      expect(commandContext()).toBe(own);
    });
  });
});

/** How often seed asks again whether the system got somewhere (a stock record, a decision). */
const POLL_MS = 100;

/**
 * Asks `check` until it answers a value, then answers it. The processes behind the write API
 * (the saga, the inventory opening) work asynchronously, so seed looks at the read API until
 * their result shows; a deadline turns a stopped process into an error naming what never came.
 */
export async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not show within ${timeoutMs / 1_000} s: are the projections and process ` +
          'managers running?',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

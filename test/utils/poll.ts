/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long {@link pollUntil} keeps trying: `attempts` reads, `intervalMs` apart. */
export interface PollOptions {
  attempts?: number;
  intervalMs?: number;
}

/**
 * Calls `read` until `done` holds for what it returns, and returns that; fails naming `what` when it never does
 * (by default after 200 reads 20 ms apart, about 4 s plus the reads).
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what = 'the expected state',
  options: PollOptions = {},
): Promise<T> {
  const { attempts = 200, intervalMs = 20 } = options;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const value = await read();
    if (done(value)) return value;
    await sleep(intervalMs);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

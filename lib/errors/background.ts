import type { Logger } from '@nestjs/common';

/**
 * Runs work nobody awaits (delivering a streamed response, a broadcast, a task update) so that a failure — a store
 * or bus outage — is logged instead of becoming an unhandled rejection that would stop the process.
 */
export function inBackground(work: Promise<unknown>, logger: Logger, what: string): void {
  work.catch((error: unknown) => logger.warn(`${what} failed: ${error instanceof Error ? error.message : String(error)}`));
}

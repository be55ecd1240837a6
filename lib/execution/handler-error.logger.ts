import { HttpException, Logger } from '@nestjs/common';
import { McpCancelledError } from '../errors/mcp-cancelled.error.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { McpHttpResponseError } from './http-response.error.js';

/** The level tool and resource failures are logged at, or `false` for none. */
export type HandlerErrorLogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose' | false;

/**
 * Logs a failed handler once, at the level the app chose (`toolErrorLogLevel`). Nest's own external exception
 * filter is kept quiet for MCP calls (see `RoutePipelineFactory`), so this is the only log line of a failure.
 * - A protocol error is an expected answer and a cancelled handler is not a failure: neither is logged.
 * - An `HttpException` (or an error status written by a filter) is logged by its message, without a stack.
 * - Anything else is logged with its stack.
 */
export class HandlerErrorLogger {
  private readonly logger = new Logger('McpHandlers');

  constructor(private readonly level: HandlerErrorLogLevel) {}

  /** Logs `error`, thrown by the handler named `what` (such as `tool "get_note"`), unless it is not worth a line. */
  log(what: string, error: unknown, signal?: AbortSignal): void {
    if (this.level === false || signal?.aborted || isQuiet(error)) return;
    const level = this.level;
    if (error instanceof HttpException) {
      this.logger[level](`${what} failed with HTTP ${error.getStatus()}: ${error.message}`);
    } else if (error instanceof McpHttpResponseError) {
      this.logger[level](`${what} failed with HTTP ${error.status}.`);
    } else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.logger[level](`${what} failed: ${detail}`);
    }
  }
}

function isQuiet(error: unknown): boolean {
  return (
    error instanceof McpProtocolError ||
    error instanceof McpCancelledError ||
    (error instanceof Error && error.name === 'AbortError')
  );
}

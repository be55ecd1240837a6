import { IntrinsicException } from '@nestjs/common';

/**
 * The reason of an aborted `ctx.signal`: the client cancelled the request or task, went away, or the server is
 * shutting down. An `IntrinsicException`, so a handler that lets it escape is not logged as a crash.
 */
export class McpCancelledError extends IntrinsicException {
  constructor(message: string) {
    super(message);
    this.name = 'McpCancelledError';
  }
}

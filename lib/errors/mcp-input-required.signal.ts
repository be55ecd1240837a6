import { IntrinsicException } from '@nestjs/common';

/**
 * Unwinds a handler on the stateless wire when it asks the client for input it has not answered yet: the request
 * ends with an input-required result, and the client's retry runs the handler again with the answers. An
 * `IntrinsicException`, so Nest does not log it. Handlers should let it propagate (do not swallow it in a catch).
 */
export class McpInputRequiredSignal extends IntrinsicException {
  constructor(readonly key: string) {
    super(`Input "${key}" is required from the client; the request will be retried with the answer.`);
    this.name = 'McpInputRequiredSignal';
  }
}

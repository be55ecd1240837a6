import type { Logger } from '@nestjs/common';
import { serializeJsonRpcMessage } from '../protocol/json-object-fragment.js';

/**
 * Writes JSON-RPC messages as newline-delimited JSON (the MCP stdio framing). JSON escapes every newline inside a
 * string, so one message is always one line. After `close()` (or a failed write: the client went away) messages
 * are dropped.
 */
export class JsonLineWriter {
  private closed = false;

  constructor(
    private readonly write: (text: string) => unknown,
    private readonly logger: Logger,
  ) {}

  /** Whether messages are still written. */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Writes one message. */
  send(message: unknown): void {
    if (this.closed) return;
    let line: string;
    try {
      line = `${serializeJsonRpcMessage(message)}\n`;
    } catch (error) {
      this.logger.error(`A message could not be serialized as JSON and was not sent: ${(error as Error).message}`);
      return;
    }
    this.write(line);
  }

  /** Stops writing. */
  close(): void {
    this.closed = true;
  }
}

import { McpCancelledError } from '../errors/mcp-cancelled.error.js';
import { McpClientError } from '../errors/mcp-client.error.js';
import type { JsonRpcResponse } from '../protocol/json-rpc.types.js';
import type { JsonLineWriter } from './json-line.writer.js';

interface Pending {
  resolve(result: Record<string, unknown>): void;
  reject(error: Error): void;
}

/**
 * Requests the server sends to the client over stdio (`elicitation/create`, `sampling/createMessage`,
 * `roots/list`): each gets an id the server assigns (`stdio-1`, `stdio-2`, …), and the client's response with that
 * id settles it. A response to an id the server is not waiting for is ignored.
 */
export class StdioClientRequests {
  private readonly pending = new Map<string, Pending>();
  private counter = 0;

  constructor(
    private readonly writer: JsonLineWriter,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Sends a request and resolves with the client's result. Rejects with {@link McpClientError} when the client
   * answers with an error or not within the timeout, and when `signal` aborts (the client is then told with
   * `notifications/cancelled`).
   */
  async send(method: string, params: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, unknown>> {
    signal.throwIfAborted();
    const id = `stdio-${++this.counter}`;
    const answer = new Promise<Record<string, unknown>>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const timeout = setTimeout(
      () => this.fail(id, new McpClientError(method, `The client did not answer "${method}" within ${this.timeoutMs} ms.`)),
      this.timeoutMs,
    ).unref();
    const onAbort = () => {
      this.fail(id, new McpClientError(method, `"${method}" was abandoned: the request it served was cancelled.`));
      this.writer.send({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: id, reason: 'The server no longer needs the answer.' },
      });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      this.writer.send({ jsonrpc: '2.0', id, method, params });
      return await answer;
    } finally {
      clearTimeout(timeout);
      signal.removeEventListener('abort', onAbort);
      this.pending.delete(id);
    }
  }

  /** Settles the request a client's response answers; `false` when no request here waits for that id. */
  settle(message: JsonRpcResponse): boolean {
    const key = typeof message.id === 'string' ? message.id : undefined;
    const pending = key === undefined ? undefined : this.pending.get(key);
    if (!pending) return false;
    this.pending.delete(key!);
    if ('error' in message) {
      pending.reject(new McpClientError(key!, String(message.error?.message ?? 'The client answered with an error.'), message.error?.code, message.error?.data));
    } else {
      // A client's result arrives parsed from its JSON line: a plain object, never a pre-serialized fragment.
      const result = message.result as unknown;
      pending.resolve(result && typeof result === 'object' && !Array.isArray(result) ? (result as Record<string, unknown>) : {});
    }
    return true;
  }

  /** Rejects every waiting request: the client can no longer answer. */
  abandonAll(reason: string): void {
    for (const id of [...this.pending.keys()]) this.fail(id, new McpCancelledError(reason));
  }

  private fail(id: string, error: Error): void {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    pending?.reject(error);
  }
}

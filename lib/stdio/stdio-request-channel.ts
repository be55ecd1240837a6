import type { McpRequestChannel } from '../context/mcp-request-channel.js';
import { McpClientError } from '../errors/mcp-client.error.js';
import type { JsonLineWriter } from './json-line.writer.js';
import type { StdioClientRequests } from './stdio-client-requests.js';

/**
 * The channel of one request of the stdio session (2025-11-25): notifications and server-to-client requests are
 * written to stdout as they happen, between the request and its response.
 */
export class StdioRequestChannel implements McpRequestChannel {
  constructor(
    private readonly writer: JsonLineWriter,
    private readonly clientRequests: StdioClientRequests,
  ) {}

  async notify(method: string, params: Record<string, unknown>): Promise<void> {
    this.writer.send({ jsonrpc: '2.0', method, params });
  }

  request(method: string, params: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, unknown>> {
    return this.clientRequests.send(method, params, signal);
  }

  /** There is no stream to end on stdio. */
  async closeStream(): Promise<void> {}

  missingCapability(capability: string, call: string): Error {
    return new McpClientError(
      capability,
      `ctx.${call}() needs the client's "${capability}" capability, and this client did not declare it in initialize.`,
    );
  }
}

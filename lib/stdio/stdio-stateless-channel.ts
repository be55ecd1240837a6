import type { McpRequestChannel } from '../context/mcp-request-channel.js';
import type { StatelessRequestChannel } from '../transport/stateless/stateless-request-channel.js';
import type { JsonLineWriter } from './json-line.writer.js';

/**
 * The channel of one 2026-07-28 request over stdio: notifications (progress, logs) are written to stdout before
 * the response; input the handler asks for follows the stateless rules (an input-required result, answered by a
 * retry), exactly as on HTTP.
 */
export class StdioStatelessChannel implements McpRequestChannel {
  constructor(
    private readonly rounds: StatelessRequestChannel,
    private readonly writer: JsonLineWriter,
  ) {}

  async notify(method: string, params: Record<string, unknown>): Promise<void> {
    this.writer.send({ jsonrpc: '2.0', method, params });
  }

  request(method: string, params: Record<string, unknown>, signal: AbortSignal, key: string): Promise<Record<string, unknown>> {
    return this.rounds.request(method, params, signal, key);
  }

  async closeStream(): Promise<void> {}

  missingCapability(capability: string, call: string): Error {
    return this.rounds.missingCapability(capability, call);
  }

  inputRequiredResult(): Record<string, unknown> | undefined {
    return this.rounds.inputRequiredResult();
  }
}

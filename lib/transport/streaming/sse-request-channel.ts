import type { McpRequestChannel } from '../../context/mcp-request-channel.js';
import { McpClientError } from '../../errors/mcp-client.error.js';
import type { ClientRequests } from './client-requests.js';
import type { SendFailures } from './stream-batcher.js';
import type { StreamHub } from './stream-hub.js';
import { newStreamId, standaloneStreamId } from './stream-ids.js';

/**
 * The stateful wire's channel for one request. It answers with plain JSON until the handler first sends something;
 * then it opens an SSE stream for the request (when the client accepts one) and every later message, the response
 * included, travels on it. A client that accepts only JSON gets the messages on its session's GET stream.
 */
export class SseRequestChannel implements McpRequestChannel {
  /** Resolves when the request's own SSE stream is opened. */
  readonly opened: Promise<void>;
  private markOpened!: () => void;
  private opening?: Promise<string>;
  private ownStreamId?: string;
  private closedEarly = false;
  /** What this request sent without waiting and could not be stored; its next notification reports it. */
  private readonly sendFailures: SendFailures = {};

  constructor(
    private readonly hub: StreamHub,
    private readonly clientRequests: ClientRequests,
    private readonly sessionId: string,
    private readonly acceptsSse: boolean,
  ) {
    this.opened = new Promise((resolve) => (this.markOpened = resolve));
  }

  /** The request's own stream, once opened. */
  get streamId(): string | undefined {
    return this.ownStreamId;
  }

  /** Whether the request's own stream was opened (the answer then goes on it). */
  get isOpen(): boolean {
    return this.ownStreamId !== undefined;
  }

  /** Whether the handler asked to end the stream before the response. */
  get wasClosedEarly(): boolean {
    return this.closedEarly;
  }

  async notify(method: string, params: Record<string, unknown>): Promise<void> {
    await this.hub.send(await this.target(), { jsonrpc: '2.0', method, params }, this.sendFailures);
  }

  async request(method: string, params: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, unknown>> {
    return this.clientRequests.send(this.sessionId, await this.target(), method, params, signal);
  }

  missingCapability(capability: string, call: string): Error {
    return new McpClientError(
      capability,
      `ctx.${call}() needs the client's "${capability}" capability, and this client did not declare it.`,
    );
  }

  async closeStream(): Promise<void> {
    if (!this.acceptsSse) return;
    const streamId = await this.target();
    this.closedEarly = true;
    await this.hub.settled(streamId);
    this.hub.closeLocal(streamId);
  }

  private target(): Promise<string> {
    if (!this.acceptsSse) return Promise.resolve(standaloneStreamId(this.sessionId));
    this.opening ??= this.open();
    return this.opening;
  }

  private async open(): Promise<string> {
    this.hub.assertCapacity(this.sessionId);
    const streamId = newStreamId(this.sessionId);
    await this.hub.open(streamId);
    this.ownStreamId = streamId;
    this.markOpened();
    return streamId;
  }
}

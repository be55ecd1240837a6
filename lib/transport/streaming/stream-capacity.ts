import { McpProtocolError } from '../../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc-error-codes.js';
import type { ResolvedMcpOptions } from '../../mcp-options.resolver.js';
import type { SseSink } from './sse-sink.js';

/**
 * The client connections this instance streams to, per session and of every kind, against `streams.maxOpenStreams`
 * and `streams.maxStreamsPerSession`. Connections attached to hub streams are counted by their session as they
 * attach and detach; the others (`subscriptions/listen` streams) until they close.
 */
export class StreamCapacity {
  private readonly perSession = new Map<string, number>();
  private others = 0;

  /** `attached`: how many connections are attached to hub streams here now. */
  constructor(
    private readonly limits: ResolvedMcpOptions['streams'],
    private readonly attached: () => number,
  ) {}

  /** How many client connections this instance streams to now. */
  get open(): number {
    return this.attached() + this.others;
  }

  /** Refuses a new stream when this instance holds `streams.maxOpenStreams` of every kind (HTTP 503). */
  assertServer(): void {
    if (this.open >= this.limits.maxOpenStreams) throw serverFull();
  }

  /** Refuses a new stream for the session when it, or this instance, holds too many (HTTP 429 / 503). */
  assertSession(sessionId: string): void {
    this.assertServer();
    if ((this.perSession.get(sessionId) ?? 0) >= this.limits.maxStreamsPerSession) {
      throw new McpProtocolError(
        JsonRpcErrorCode.SERVER_ERROR,
        `This session has ${this.limits.maxStreamsPerSession} open streams, the most allowed. Close one (or wait for requests to finish) and retry.`,
        undefined,
        'rate-limited',
      );
    }
  }

  /** Counts a connection that does not go through the hub until it closes. */
  countUntilClosed(sink: SseSink): void {
    this.others += 1;
    sink.onClose(() => (this.others -= 1));
  }

  /** A connection of the session was attached. */
  attachedTo(sessionId: string): void {
    this.perSession.set(sessionId, (this.perSession.get(sessionId) ?? 0) + 1);
  }

  /** A connection of the session was detached. */
  detachedFrom(sessionId: string): void {
    const count = (this.perSession.get(sessionId) ?? 1) - 1;
    if (count > 0) this.perSession.set(sessionId, count);
    else this.perSession.delete(sessionId);
  }
}

/** The refusal of a stream this instance (or the event store) cannot hold now (HTTP 503). */
export function serverFull(): McpProtocolError {
  return new McpProtocolError(JsonRpcErrorCode.SERVER_ERROR, 'The server holds too many open streams. Retry later.', undefined, 'overloaded');
}

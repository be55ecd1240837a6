import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-codes.js';
import type { McpSession } from '../stores/mcp-session.js';
import { MCP_PROTOCOL_VERSION_HEADER, type McpHttpStream, type SseSink } from './mcp-http.types.js';

/** How often an idle stream gets a keep-alive comment. */
const KEEP_ALIVE_MS = 15_000;

/**
 * The sessions' standalone server-to-client streams (`GET /mcp`): at most one open per session, kept alive with
 * SSE comments, closed when the session ends or the application shuts down.
 */
@Injectable()
export class StandaloneStreams implements BeforeApplicationShutdown {
  private readonly sinks = new Map<string, SseSink>();

  /** Opens the session's stream, or refuses with HTTP 409 when one is already open. */
  open(session: McpSession): McpHttpStream {
    if (this.sinks.has(session.id)) {
      throw new McpProtocolError(
        JsonRpcErrorCode.SERVER_ERROR,
        'This session already has an open GET stream. Close it before opening another one.',
        undefined,
        409,
      );
    }
    return {
      kind: 'stream',
      headers: { [MCP_PROTOCOL_VERSION_HEADER]: session.protocolVersion },
      start: (sink) => {
        this.sinks.set(session.id, sink);
        const keepAlive = setInterval(() => sink.sendComment('keep-alive'), KEEP_ALIVE_MS).unref();
        sink.onClose(() => {
          clearInterval(keepAlive);
          if (this.sinks.get(session.id) === sink) this.sinks.delete(session.id);
        });
      },
    };
  }

  /** Sends a message on the session's stream, if it has one open on this instance. */
  send(sessionId: string, message: unknown): boolean {
    const sink = this.sinks.get(sessionId);
    sink?.sendEvent({ data: message });
    return Boolean(sink);
  }

  /** Every session with an open stream on this instance. */
  openSessionIds(): string[] {
    return [...this.sinks.keys()];
  }

  /** Closes the session's stream (the session ended). */
  closeSession(sessionId: string): void {
    this.sinks.get(sessionId)?.close();
  }

  beforeApplicationShutdown(): void {
    for (const sink of [...this.sinks.values()]) sink.close();
  }
}

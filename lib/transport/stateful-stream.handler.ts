import { Injectable } from '@nestjs/common';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import { McpSessionManager } from '../sessions/mcp-session.manager.js';
import { randomId } from '../sessions/random-id.js';
import type { McpStoredEvent } from '../stores/mcp-event.store.js';
import type { McpSession } from '../stores/mcp-session.js';
import { acceptedAnswers } from './accepted-answers.js';
import { InFlightRequests } from './in-flight-requests.js';
import { errorReply } from './json-rpc-replies.js';
import {
  MCP_PROTOCOL_VERSION_HEADER,
  MCP_SESSION_ID_HEADER,
  type McpHttpAnswer,
  type McpHttpExchange,
  type McpHttpStream,
} from './mcp-http.types.js';
import { headerOf, StatefulSessionReader } from './stateful-session.reader.js';
import type { SseSink } from './streaming/sse-sink.js';
import { StreamHub } from './streaming/stream-hub.js';
import { OrphanedStreamWatcher } from './streaming/orphaned-stream.watcher.js';
import { parseResumePoint, standaloneStreamId } from './streaming/stream-ids.js';

/**
 * GET and DELETE on the stateful wire: `GET` opens (or, with `Last-Event-ID`, resumes) the session's
 * server-to-client stream; `DELETE` ends the session and cancels its requests still running, on every instance.
 */
@Injectable()
export class StatefulStreamHandler {
  constructor(
    private readonly sessions: McpSessionManager,
    private readonly sessionReader: StatefulSessionReader,
    private readonly hub: StreamHub,
    private readonly orphans: OrphanedStreamWatcher,
    private readonly inFlight: InFlightRequests,
  ) {}

  async get(exchange: McpHttpExchange): Promise<McpHttpAnswer> {
    if (!acceptedAnswers(headerOf(exchange, 'accept')).sse) {
      return errorReply(
        new McpProtocolError(
          JsonRpcErrorCode.SERVER_ERROR,
          'GET opens a Server-Sent Events stream: send "Accept: text/event-stream".',
          undefined,
          'not-acceptable',
        ),
      );
    }
    try {
      const session = await this.sessionReader.require(headerOf(exchange, MCP_SESSION_ID_HEADER), exchange);
      const resumeFrom = headerOf(exchange, 'last-event-id');
      const point = resumeFrom ? parseResumePoint(resumeFrom, session.id) : undefined;
      const standalone = standaloneStreamId(session.id);
      const resumesStandalone = point?.streamId === standalone;
      if (!point && this.hub.isAttached(standalone)) throw streamTaken();
      this.hub.assertCapacity(session.id);
      // One GET stream per session in the whole deployment: a lease in the session store. A client resuming its
      // GET stream takes it over (it lost its connection, whatever the old holder believes); a new one is refused.
      const holder = randomId(12);
      const claimed = !point || resumesStandalone;
      if (claimed && !(await this.sessions.claimStream(session.id, holder, resumesStandalone))) throw streamTaken();
      // A new stream is primed before the answer, so a store that cannot keep it is answered with HTTP 503.
      let primed: McpStoredEvent | undefined;
      if (!point) {
        try {
          primed = await this.hub.open(standalone);
        } catch (error) {
          await this.sessions.releaseStream(session.id, holder);
          throw error;
        }
      }
      return sessionStream(session, async (sink) => {
        if (point && (await this.hub.attach(point.streamId, session.id, sink, point.sequence, true))) {
          if (claimed) this.holdLease(session.id, holder, sink);
          // A call stream resumed here may have lost its producer (its instance died): it then ends with an error.
          else this.orphans.watch(point.streamId, point.sequence, sink);
          return;
        }
        if (!claimed && !(await this.sessions.claimStream(session.id, holder, false))) return sink.close();
        this.holdLease(session.id, holder, sink);
        const priming = primed ?? (await this.hub.open(standalone));
        await this.hub.attach(standalone, session.id, sink, sequenceOf(priming.id) - 1);
      });
    } catch (error) {
      return errorReply(error);
    }
  }

  /** Renews the GET-stream lease while the connection lasts; gives it up when it closes. */
  private holdLease(sessionId: string, holder: string, sink: SseSink): void {
    const renew = setInterval(() => {
      this.sessions.claimStream(sessionId, holder, false).then(
        (held) => held || sink.close(),
        () => undefined,
      );
    }, this.sessions.streamLeaseMs / 3).unref();
    sink.onClose(() => {
      clearInterval(renew);
      this.sessions.releaseStream(sessionId, holder).catch(() => undefined);
    });
  }

  async delete(exchange: McpHttpExchange): Promise<McpHttpAnswer> {
    try {
      const session = await this.sessionReader.require(headerOf(exchange, MCP_SESSION_ID_HEADER), exchange);
      await this.sessions.end(session.id);
      await this.inFlight.cancelSession(session.id, 'The client ended the session.');
      await this.hub.end(standaloneStreamId(session.id), session.id);
      return { kind: 'reply', status: 204, headers: {} };
    } catch (error) {
      return errorReply(error);
    }
  }
}

/** An SSE answer on a session's wire: the head carries its protocol version, then `start` feeds the sink. */
export function sessionStream(session: McpSession, start: (sink: SseSink) => Promise<void>): McpHttpStream {
  return {
    kind: 'stream',
    headers: { [MCP_PROTOCOL_VERSION_HEADER]: session.protocolVersion },
    start: (sink) => {
      start(sink).catch(() => sink.close());
    },
  };
}

/** The 409 answer for a second GET stream of a session. */
function streamTaken(): McpProtocolError {
  return new McpProtocolError(
    JsonRpcErrorCode.SERVER_ERROR,
    'This session already has an open GET stream. Close it before opening another one.',
    undefined,
    'conflict',
  );
}

function sequenceOf(eventId: string): number {
  return Number(eventId.slice(eventId.lastIndexOf('.') + 1));
}

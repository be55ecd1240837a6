import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { SseSink } from './streaming/sse-sink.js';

/** Response headers the transport sets. */
export const MCP_SESSION_ID_HEADER = 'mcp-session-id';
export const MCP_PROTOCOL_VERSION_HEADER = 'mcp-protocol-version';

/** One HTTP request to the MCP endpoint, as the protocol layer sees it (no Express, no Fastify). */
export interface McpHttpExchange {
  readonly headers: IncomingHttpHeaders;
  /** The platform request (Express's or Fastify's), handed to route tools (guards read its headers and user). */
  readonly request: IncomingMessage;
  /** Aborted when the client goes away before the answer is complete, or when the request is cancelled. */
  readonly signal: AbortSignal;
  /** The request's one abort controller, behind `signal`. */
  readonly abort: McpRequestAbort;
}

/**
 * The one abort controller of an HTTP request to the endpoint. Its signal aborts when the client's connection
 * closes before the answer is complete (until {@link McpRequestAbort.detachFromClient}) or when the request is
 * cancelled (`notifications/cancelled`, shutdown).
 */
export interface McpRequestAbort {
  readonly signal: AbortSignal;
  /** Aborts the request's work with `reason`. */
  abort(reason: unknown): void;
  /** From now on a closed connection no longer aborts: the answer streams, and a client that drops it may resume. */
  detachFromClient(): void;
}

/** A complete (non-streaming) HTTP answer. */
export interface McpHttpReply {
  readonly kind: 'reply';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON body, or `undefined` for none. */
  readonly body?: unknown;
}

/** An answer that is a Server-Sent Events stream: the transport writes the head, then hands the sink over. */
export interface McpHttpStream {
  readonly kind: 'stream';
  readonly headers: Readonly<Record<string, string>>;
  /** Starts producing events once the response head is written. */
  start(sink: SseSink): void;
}

/** What the protocol layer answers to one HTTP request. */
export type McpHttpAnswer = McpHttpReply | McpHttpStream;

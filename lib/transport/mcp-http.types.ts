import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** Response headers the transport sets. */
export const MCP_SESSION_ID_HEADER = 'mcp-session-id';
export const MCP_PROTOCOL_VERSION_HEADER = 'mcp-protocol-version';

/** One HTTP request to the MCP endpoint, as the protocol layer sees it (no Express, no Fastify). */
export interface McpHttpExchange {
  readonly headers: IncomingHttpHeaders;
  /** The platform request (Express's or Fastify's), handed to route tools (guards read its headers and user). */
  readonly request: IncomingMessage;
  /** Aborted when the client goes away before the answer is complete. */
  readonly signal: AbortSignal;
}

/** A complete (non-streaming) HTTP answer. */
export interface McpHttpReply {
  readonly kind: 'reply';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON body, or `undefined` for none. */
  readonly body?: unknown;
}

/** Something that writes Server-Sent Events to one HTTP response. */
export interface SseSink {
  /** Writes one event: `data` is serialized as JSON, or left empty when `undefined` (a priming event). */
  sendEvent(event: { id?: string; retryMs?: number; data?: unknown }): void;
  /** Bytes written but not yet taken by the client. */
  readonly bufferedBytes: number;
  /** Writes an SSE comment, used as a keep-alive. */
  sendComment(text: string): void;
  /** Ends the response. */
  close(): void;
  /** Called once when the client goes away or the stream is closed. */
  onClose(listener: () => void): void;
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

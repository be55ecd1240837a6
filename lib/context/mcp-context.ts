import type { IncomingMessage } from 'node:http';
import type { McpClientCapabilities, McpImplementation } from '../protocol/mcp-types.js';
import type { JsonRpcId } from '../json-rpc/json-rpc.types.js';

/** What the transport knows about the request a handler is serving. */
export interface McpContextInit {
  requestId: JsonRpcId;
  method: string;
  sessionId?: string;
  protocolVersion: string;
  clientInfo?: McpImplementation;
  clientCapabilities: McpClientCapabilities;
  request: IncomingMessage;
  signal: AbortSignal;
  meta?: Record<string, unknown>;
}

/**
 * The context of one MCP request, injected with `@McpCtx()` into tools, resources and prompts.
 * One instance per request: nothing in it is shared between concurrent calls.
 */
export class McpContext {
  /** The JSON-RPC id of the request being served. */
  readonly requestId: JsonRpcId;
  /** The MCP method being served (`tools/call`, `resources/read`, `prompts/get`, …). */
  readonly method: string;
  /** The session id on the stateful wire; `undefined` on the stateless wire. */
  readonly sessionId?: string;
  /** The protocol revision of this request. */
  readonly protocolVersion: string;
  /** The client's name and version, as it declared them. */
  readonly clientInfo?: McpImplementation;
  /** What the client declared it can do. */
  readonly clientCapabilities: McpClientCapabilities;
  /** The HTTP request that carried the MCP message (headers, `user` set by auth middleware, …). */
  readonly request: IncomingMessage;
  /** Aborted when the client cancels the request or goes away. Pass it to fetches and long work. */
  readonly signal: AbortSignal;
  /** The request's `params._meta`, if any. */
  readonly meta: Readonly<Record<string, unknown>>;

  constructor(init: McpContextInit) {
    this.requestId = init.requestId;
    this.method = init.method;
    this.sessionId = init.sessionId;
    this.protocolVersion = init.protocolVersion;
    this.clientInfo = init.clientInfo;
    this.clientCapabilities = init.clientCapabilities;
    this.request = init.request;
    this.signal = init.signal;
    this.meta = init.meta ?? {};
  }
}

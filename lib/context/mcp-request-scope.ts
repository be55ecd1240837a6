import type { McpResultValue } from '../protocol/json-object-fragment.js';
import type { IncomingMessage } from 'node:http';
import type { McpWireCodec } from '../codecs/mcp-wire.codec.js';
import type { McpRequestChannel } from './mcp-request-channel.js';
import type { McpClientCapabilities, McpImplementation, McpLoggingLevel } from '../protocol/mcp-types.js';
import type { McpSession } from '../stores/mcp-session.js';

/** Everything a method handler may need to know about the request it is serving, beyond its params. */
export interface McpRequestScope {
  /** The codec of the wire the request came on: stateful (2025-11-25 and older) or stateless (2026-07-28). */
  codec: McpWireCodec;
  /** The session (stateful wire), absent for `initialize`. */
  session?: McpSession;
  /** The protocol revision this request speaks. */
  protocolVersion: string;
  /** The client's name and version. */
  clientInfo?: McpImplementation;
  /** The client's capabilities. */
  clientCapabilities: McpClientCapabilities;
  /** The HTTP request that carried the message. */
  httpRequest: IncomingMessage;
  /** Aborted when the client cancels or disconnects. */
  signal: AbortSignal;
  /** The client's log threshold: `undefined` sends every level, `'off'` none. */
  logLevel?: McpLoggingLevel | 'off';
  /** How handlers reach the client while the request runs (progress, logs, server-to-client requests). */
  channel?: McpRequestChannel;
}

/**
 * A request scope whose `signal` is made on first read, by `makeSignal`: most calls never look at it, and an abort
 * signal (`AbortSignal.any` above all) costs. A class, as an object literal with a getter gets a V8 map of its own
 * every time it is created.
 */
export class LazySignalScope implements McpRequestScope {
  readonly codec: McpWireCodec;
  readonly session?: McpSession;
  readonly protocolVersion: string;
  readonly clientInfo?: McpImplementation;
  readonly clientCapabilities: McpClientCapabilities;
  readonly httpRequest: IncomingMessage;
  readonly logLevel?: McpLoggingLevel | 'off';
  readonly channel?: McpRequestChannel;
  private made?: AbortSignal;

  constructor(
    fields: Omit<McpRequestScope, 'signal'>,
    private readonly makeSignal: () => AbortSignal,
  ) {
    this.codec = fields.codec;
    this.session = fields.session;
    this.protocolVersion = fields.protocolVersion;
    this.clientInfo = fields.clientInfo;
    this.clientCapabilities = fields.clientCapabilities;
    this.httpRequest = fields.httpRequest;
    this.logLevel = fields.logLevel;
    this.channel = fields.channel;
  }

  get signal(): AbortSignal {
    return (this.made ??= this.makeSignal());
  }
}

/** A handler of one MCP method: params in, result out (or a thrown `McpProtocolError`). */
export type McpMethodHandler = (
  params: Record<string, unknown>,
  scope: McpRequestScope,
  requestId: string | number,
) => Promise<McpResultValue>;

/** A family of MCP methods (tools, resources, …) and their handlers. */
export interface McpMethodFamily {
  /** Method name → handler. Read once, when the dispatcher is built. */
  readonly methods: Readonly<Record<string, McpMethodHandler>>;
}

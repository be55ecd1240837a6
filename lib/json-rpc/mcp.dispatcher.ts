import { Inject, Injectable, Logger } from '@nestjs/common';
import type { McpWireCodec } from '../codecs/mcp-wire.codec.js';
import { WIRE_CODECS } from '../codecs/wire-codecs.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { MCP_METHOD_FAMILIES, type McpMethodFamilies } from './mcp-method-families.js';
import type { JsonRpcRequest, JsonRpcResponse } from '../protocol/json-rpc.types.js';
import type { McpMethodHandler, McpRequestScope } from '../context/mcp-request-scope.js';

/** What dispatching one request gave: the JSON-RPC response, and the protocol error it carries, if any. */
export interface McpDispatchOutcome {
  /** The response echoing the request id. */
  readonly response: JsonRpcResponse;
  /** The error behind an error response, for the edge to choose the HTTP status (`codec.httpStatus`). */
  readonly error?: McpProtocolError;
}

/**
 * Routes JSON-RPC requests to the method handlers of the families the module provides under
 * {@link MCP_METHOD_FAMILIES}. One method table per wire codec is built once, at bootstrap, from what each codec
 * serves; dispatching is a map lookup. Every outcome becomes a JSON-RPC response echoing the request id: a result
 * (stamped by the request's codec), a protocol error, or an internal error (logged, never leaking a stack to the
 * client).
 */
@Injectable()
export class McpDispatcher {
  private readonly logger = new Logger('McpDispatcher');
  private readonly tables = new Map<McpWireCodec, ReadonlyMap<string, McpMethodHandler>>();

  constructor(
    @Inject(MCP_METHOD_FAMILIES) families: McpMethodFamilies,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {
    const all = families.flatMap((family) => Object.entries(family.methods));
    for (const codec of WIRE_CODECS) this.tables.set(codec, new Map(all.filter(([method]) => codec.serves(method))));
  }

  /** Whether a method is served on a codec's wire. */
  has(method: string, codec: McpWireCodec): boolean {
    return this.tables.get(codec)?.has(method) ?? false;
  }

  /** Handles one request; never throws. */
  async dispatch(request: JsonRpcRequest, scope: McpRequestScope): Promise<McpDispatchOutcome> {
    const handler = this.tables.get(scope.codec)?.get(request.method);
    try {
      if (!handler) throw McpProtocolError.unknownMethod(request.method);
      const result = await handler(request.params ?? {}, scope, request.id);
      return {
        response: { jsonrpc: '2.0', id: request.id, result: scope.codec.stampResult(request.method, result, this.options.caching) },
      };
    } catch (error) {
      const protocolError = error instanceof McpProtocolError ? error : this.internal(request.method, error);
      return { response: { jsonrpc: '2.0', id: request.id, error: protocolError.toJsonRpc() }, error: protocolError };
    }
  }

  private internal(method: string, error: unknown): McpProtocolError {
    this.logger.error(`"${method}" failed: ${(error as Error)?.stack ?? String(error)}`);
    return McpProtocolError.internal();
  }
}

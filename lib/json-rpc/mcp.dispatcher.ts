import { Inject, Injectable, Logger } from '@nestjs/common';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { REMOVED_STATELESS_METHODS } from '../protocol/stateless-protocol.js';
import { MCP_METHOD_FAMILIES, type McpMethodFamilies } from './mcp-method-families.js';
import type { JsonRpcRequest, JsonRpcResponse } from '../protocol/json-rpc.types.js';
import type { McpMethodHandler, McpRequestScope } from '../context/mcp-request-scope.js';

/** Methods only the stateless wire serves. */
const STATELESS_ONLY = new Set(['server/discover', 'tasks/update']);
/** Methods of the stateful wire the stateless one removed, beyond the lifecycle ones. */
const STATEFUL_ONLY = new Set([...REMOVED_STATELESS_METHODS, 'tasks/result', 'tasks/list']);

/**
 * Routes JSON-RPC requests to the method handlers of the families the module provides under
 * {@link MCP_METHOD_FAMILIES}. The method table is built once, at bootstrap; dispatching is a map lookup. Every outcome becomes a JSON-RPC response echoing the request id: a result, a protocol error, or an
 * internal error (logged, never leaking a stack to the client).
 */
@Injectable()
export class McpDispatcher {
  private readonly logger = new Logger('McpDispatcher');
  private readonly tables: Readonly<Record<McpRequestScope['wire'], ReadonlyMap<string, McpMethodHandler>>>;

  constructor(@Inject(MCP_METHOD_FAMILIES) families: McpMethodFamilies) {
    const all = families.flatMap((family) => Object.entries(family.methods));
    const stateful = all.filter(([method]) => !STATELESS_ONLY.has(method));
    const stateless = all.filter(([method]) => !STATEFUL_ONLY.has(method));
    this.tables = { stateful: new Map(stateful), stateless: new Map(stateless) };
  }

  /** Whether a method is served on a wire. */
  has(method: string, wire: McpRequestScope['wire']): boolean {
    return this.tables[wire].has(method);
  }

  /** Handles one request; never throws. */
  async dispatch(request: JsonRpcRequest, scope: McpRequestScope): Promise<JsonRpcResponse & { httpStatus?: number }> {
    const handler = this.tables[scope.wire].get(request.method);
    try {
      if (!handler) throw McpProtocolError.methodNotFound(request.method, scope.wire === 'stateless' ? 404 : 200);
      const result = await handler(request.params ?? {}, scope, request.id);
      return { jsonrpc: '2.0', id: request.id, result };
    } catch (error) {
      const protocolError = error instanceof McpProtocolError ? error : this.internal(request.method, error);
      return { jsonrpc: '2.0', id: request.id, error: protocolError.toJsonRpc(), httpStatus: protocolError.httpStatus };
    }
  }

  private internal(method: string, error: unknown): McpProtocolError {
    this.logger.error(`"${method}" failed: ${(error as Error)?.stack ?? String(error)}`);
    return McpProtocolError.internal();
  }
}

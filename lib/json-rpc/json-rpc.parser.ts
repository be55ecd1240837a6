import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import type {
  JsonRpcId,
  JsonRpcMessage,
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResponse,
} from '../protocol/json-rpc.types.js';

/** A parsed JSON-RPC message, classified. */
export type ParsedMessage =
  | { kind: 'request'; message: JsonRpcRequest }
  | { kind: 'notification'; message: JsonRpcNotification }
  | { kind: 'response'; message: JsonRpcResponse };

/** Parses a request body into JSON, throwing a -32700 error a person can act on. */
export function parseJsonBody(body: string): unknown {
  if (body.trim() === '') {
    throw McpProtocolError.parseError('The request body is empty. Send one JSON-RPC message as JSON.');
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    throw McpProtocolError.parseError(`The request body is not valid JSON: ${(error as Error).message}.`);
  }
}

/** Reads the `id` of a message that may be malformed, so an error response can echo it. */
export function readMessageId(value: unknown): JsonRpcId | null {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as { id?: unknown }).id;
    if (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) {
      return id;
    }
  }
  return null;
}

/**
 * Checks that a JSON value is one JSON-RPC 2.0 message and classifies it. Batches are refused: MCP removed them
 * in 2025-06-18.
 */
export function classifyMessage(value: unknown): ParsedMessage {
  if (Array.isArray(value)) {
    throw McpProtocolError.invalidRequest(
      'JSON-RPC batches are not supported (MCP removed them in 2025-06-18). Send one message per request.',
    );
  }
  if (!value || typeof value !== 'object') {
    throw McpProtocolError.invalidRequest('The body must be a JSON-RPC 2.0 message object.');
  }
  const message = value as Partial<JsonRpcMessage> & Record<string, unknown>;
  if (message.jsonrpc !== '2.0') {
    throw McpProtocolError.invalidRequest('The message must have "jsonrpc": "2.0".');
  }
  const hasId = 'id' in message && message.id !== undefined;
  if (hasId && readMessageId(message) === null) {
    throw McpProtocolError.invalidRequest('The message "id" must be a string or a number.');
  }
  if (typeof message.method === 'string') {
    if (message.method === '') {
      throw McpProtocolError.invalidRequest('The message "method" must not be empty.');
    }
    if (message.params !== undefined && (typeof message.params !== 'object' || message.params === null || Array.isArray(message.params))) {
      throw McpProtocolError.invalidRequest('The message "params" must be an object when present.');
    }
    return hasId
      ? { kind: 'request', message: message as JsonRpcRequest }
      : { kind: 'notification', message: message as JsonRpcNotification };
  }
  if ('method' in message) {
    throw McpProtocolError.invalidRequest('The message "method" must be a string.');
  }
  if (hasId && ('result' in message || 'error' in message)) {
    return { kind: 'response', message: message as JsonRpcResponse };
  }
  throw McpProtocolError.invalidRequest(
    'The message is neither a request (method and id), a notification (method) nor a response (id and result or error).',
  );
}

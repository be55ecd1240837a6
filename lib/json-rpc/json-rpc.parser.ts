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

/** How deeply arrays and objects may nest in a message, unless the app sets `maxJsonDepth`. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/**
 * Parses a request body into JSON, throwing a -32700 error a person can act on. Bodies nested deeper than
 * `maxDepth` are refused with -32600 before they are parsed (see {@link assertJsonDepth}).
 */
export function parseJsonBody(body: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): unknown {
  if (body.trim() === '') {
    throw McpProtocolError.parseError('The request body is empty. Send one JSON-RPC message as JSON.');
  }
  if (textDepthExceeds(body, maxDepth)) throw tooDeep(maxDepth);
  try {
    return JSON.parse(body);
  } catch (error) {
    throw McpProtocolError.parseError(`The request body is not valid JSON: ${(error as Error).message}.`);
  }
}

/**
 * Refuses an already parsed message nested deeper than `maxDepth` with -32600. Walks the value with an explicit
 * stack, so no depth of nesting can overflow the call stack.
 */
export function assertJsonDepth(value: unknown, maxDepth = DEFAULT_MAX_JSON_DEPTH): void {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (!current || typeof current !== 'object') continue;
    if (depth + 1 > maxDepth) throw tooDeep(maxDepth);
    for (const child of Array.isArray(current) ? current : Object.values(current)) pending.push([child, depth + 1]);
  }
}

/** Whether JSON text nests arrays and objects deeper than `maxDepth`: one pass over the text, outside strings. */
function textDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === BACKSLASH) index += 1;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) {
      inString = true;
    } else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * The top-level `id` of a JSON-RPC message that was refused before parsing, read from its text without parsing
 * the rest, so the error can still echo it. `null` when the text has no readable top-level id.
 */
export function peekMessageId(text: string): JsonRpcId | null {
  let depth = 0;
  let lastKey: string | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) {
      const start = index;
      for (index += 1; index < text.length && text.charCodeAt(index) !== QUOTE; index += 1) {
        if (text.charCodeAt(index) === BACKSLASH) index += 1;
      }
      lastKey = depth === 1 && index - start < 16 ? safeParse(text.slice(start, index + 1)) : undefined;
    } else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      depth += 1;
      lastKey = undefined;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      depth -= 1;
      if (depth <= 0) return null;
    } else if (char === COLON && depth === 1 && lastKey === 'id') {
      const match = /^\s*("(?:[^"\\]|\\.){0,256}"|-?\d{1,32}(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*[,}]/.exec(text.slice(index + 1, index + 300));
      const id = match ? safeParse(match[1]!) : undefined;
      return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
    }
  }
  return null;
}

function safeParse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function tooDeep(maxDepth: number): McpProtocolError {
  return McpProtocolError.invalidRequest(
    `The message nests arrays and objects more than ${maxDepth} levels deep. Flatten it, or raise the server's "maxJsonDepth" option.`,
  );
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

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

import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import type { McpCallToolResult, McpContentBlock } from '../protocol/mcp-types.js';
import { JsonObjectFragment } from '../protocol/json-object-fragment.js';
import type { JsonSchema } from '../schema/json-schema.types.js';
import { isBinary, isTextMimeType, readBinary } from './binary-content.js';
import { describeError, renderErrorText } from './error-description.js';

const CONTENT_TYPES = new Set(['text', 'image', 'audio', 'resource', 'resource_link']);

/** Whether a value already is an MCP tool result (`{ content: [...] }` with typed blocks). */
export function isToolResult(value: unknown): value is McpCallToolResult {
  if (!value || typeof value !== 'object' || !Array.isArray((value as { content?: unknown }).content)) {
    return false;
  }
  return (value as { content: unknown[] }).content.every(
    (block) => !!block && typeof block === 'object' && CONTENT_TYPES.has((block as { type?: string }).type ?? ''),
  );
}

/**
 * Maps what a tool returned to a `tools/call` result:
 * - an MCP tool result passes through;
 * - a string becomes text content, `undefined`/`null` empty content, a number/boolean/bigint/Date its text;
 * - bytes (`Buffer`, `Uint8Array`, `StreamableFile`) with an image or audio MIME type become image/audio content,
 *   bytes of a text type (a `StreamableFile` of `text/plain`, say) an embedded text resource named after the file,
 *   other bytes an embedded resource blob;
 * - an object becomes `structuredContent` plus its JSON as text; an array becomes `{ items: [...] }`.
 */
export async function toToolResult(value: unknown): Promise<McpCallToolResult> {
  if (isToolResult(value)) return value;
  if (value === undefined || value === null) return { content: [] };
  if (typeof value === 'string') return { content: [{ type: 'text', text: value }] };
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return { content: [{ type: 'text', text: String(value) }] };
  }
  if (value instanceof Date) return { content: [{ type: 'text', text: value.toISOString() }] };
  if (isBinary(value)) return { content: [await binaryBlock(value)] };
  // One serialization: the text is the JSON, and the structured copy is read back from it (plain data, detached from
  // the handler's object), rather than stringifying twice.
  const text = JSON.stringify(value);
  const structured = Array.isArray(value) ? { items: value } : (JSON.parse(text) as Record<string, unknown>);
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

/** The member names of a tool result with text content and `structuredContent`. */
const STRUCTURED_RESULT_KEYS: readonly string[] = ['content', 'structuredContent'];

/**
 * {@link toToolResult} for a result that is only sent (not read back by the server): an object or array result is
 * returned already serialized, its JSON computed once and spliced both as the text (escaped) and as
 * `structuredContent`, instead of being parsed back and serialized again. The JSON sent is the same as
 * {@link toToolResult}'s. Synchronous for an object or array (the common case, no microtask turn); a promise for the
 * other values, which go through {@link toToolResult}.
 */
export function toToolResultForWire(value: unknown): McpCallToolResult | JsonObjectFragment | Promise<McpCallToolResult | JsonObjectFragment> {
  if (value === null || typeof value !== 'object' || value instanceof Date || isBinary(value) || isToolResult(value)) {
    return toToolResult(value);
  }
  const array = Array.isArray(value);
  // An array's own `toJSON` would see another key as the `items` member than as the text: keep the general path.
  if (array && typeof (value as { toJSON?: unknown }).toJSON === 'function') return toToolResult(value);
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) return toToolResult(value);
  const structured = array ? `{"items":${text}}` : text;
  return JsonObjectFragment.fromMembers(
    `"content":[{"type":"text","text":${JSON.stringify(text)}}],"structuredContent":${structured}`,
    STRUCTURED_RESULT_KEYS,
  );
}

async function binaryBlock(value: Parameters<typeof readBinary>[0]): Promise<McpContentBlock> {
  const { data, mimeType, fileName } = await readBinary(value);
  if (mimeType?.startsWith('image/')) return { type: 'image', data: data.toString('base64'), mimeType };
  if (mimeType?.startsWith('audio/')) return { type: 'audio', data: data.toString('base64'), mimeType };
  if (isTextMimeType(mimeType)) {
    const uri = fileName ? `file:///${encodeURIComponent(fileName)}` : 'data:';
    return { type: 'resource', resource: { uri, mimeType: mimeType!, text: data.toString('utf8') } };
  }
  return {
    type: 'resource',
    resource: { uri: 'data:', mimeType: mimeType ?? 'application/octet-stream', blob: data.toString('base64') },
  };
}

/**
 * Maps an error thrown by a tool to a result with `isError: true` whose text says what is wrong (each failing
 * argument as a JSON Pointer). A {@link McpProtocolError} is not a tool failure: it is rethrown, to become a
 * JSON-RPC error.
 */
export function toToolErrorResult(error: unknown, inputSchema?: JsonSchema): McpCallToolResult {
  if (error instanceof McpProtocolError) throw error;
  const description = describeError(error, inputSchema);
  return { content: [{ type: 'text', text: renderErrorText(description) }], isError: true };
}

import type { McpReadResourceResult, McpResourceContents } from '../protocol/mcp-types.js';
import { isBinary, isTextMimeType, readBinary } from './binary-content.js';

function isReadResult(value: unknown): value is McpReadResourceResult {
  return !!value && typeof value === 'object' && Array.isArray((value as { contents?: unknown }).contents);
}

/**
 * Maps what a resource handler returned to a `resources/read` result for `uri`:
 * - a `{ contents: [...] }` result passes through;
 * - a string is text (`text/plain` unless the resource declares a MIME type);
 * - bytes are a base64 `blob`, or text when the MIME type is a text type;
 * - anything else is JSON text (`application/json` unless declared otherwise).
 */
export async function toReadResourceResult(
  value: unknown,
  uri: string,
  declaredMimeType?: string,
): Promise<McpReadResourceResult> {
  if (isReadResult(value)) return value;
  return { contents: [await toContents(value, uri, declaredMimeType)] };
}

async function toContents(value: unknown, uri: string, declaredMimeType?: string): Promise<McpResourceContents> {
  if (typeof value === 'string') {
    return { uri, mimeType: declaredMimeType ?? 'text/plain', text: value };
  }
  if (isBinary(value)) {
    const { data, mimeType: sniffed } = await readBinary(value);
    const mimeType = declaredMimeType ?? sniffed ?? 'application/octet-stream';
    return isTextMimeType(mimeType)
      ? { uri, mimeType, text: data.toString('utf8') }
      : { uri, mimeType, blob: data.toString('base64') };
  }
  return { uri, mimeType: declaredMimeType ?? 'application/json', text: JSON.stringify(value ?? null) };
}

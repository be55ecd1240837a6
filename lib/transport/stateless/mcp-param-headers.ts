import type { IncomingHttpHeaders } from 'node:http';
import { McpProtocolError } from '../../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc-error-codes.js';
import type { JsonSchema } from '../../schema/json-schema.types.js';
import { readHeader } from './stateless-request.validator.js';

import { X_MCP_HEADER } from '../../schema/property-annotations.js';

const BASE64_SENTINEL = /^=\?base64\?(.*)\?=$/;
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Mirrored arguments per schema object, read once per tool definition rather than once per call. */
const MIRRORED = new WeakMap<JsonSchema, ReadonlyArray<readonly [string, string]>>();

/** The arguments of a tool schema that are mirrored in headers: argument name → header suffix. */
export function mirroredParams(schema: JsonSchema): ReadonlyArray<readonly [string, string]> {
  let mirrored = MIRRORED.get(schema);
  if (!mirrored) {
    mirrored = Object.entries(schema.properties ?? {}).flatMap(([name, property]) =>
      typeof property[X_MCP_HEADER] === 'string' ? [[name, property[X_MCP_HEADER] as string] as const] : [],
    );
    MIRRORED.set(schema, mirrored);
  }
  return mirrored;
}

/**
 * Decodes an `Mcp-Param-*` header value: `=?base64?…?=` is strict base64 (invalid → `undefined`); any other value
 * is taken literally.
 */
export function decodeParamHeader(value: string): string | undefined {
  const sentinel = BASE64_SENTINEL.exec(value);
  if (!sentinel) return value;
  const encoded = sentinel[1]!;
  return STRICT_BASE64.test(encoded) ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
}

/**
 * Checks every argument a tool mirrors in a header: when the argument is present the header must be too, decode,
 * and equal it. Any failure is HTTP 400 with -32020.
 */
export function validateParamHeaders(
  headers: IncomingHttpHeaders,
  mirrored: ReadonlyArray<readonly [string, string]>,
  args: Record<string, unknown>,
): void {
  for (const [name, suffix] of mirrored) {
    const value = args[name];
    const header = readHeader(headers, `mcp-param-${suffix}`);
    if (value === undefined || value === null) continue;
    if (header === undefined) {
      throw mismatch(`The Mcp-Param-${suffix} header is required: it mirrors the "${name}" argument.`);
    }
    const decoded = decodeParamHeader(header);
    if (decoded === undefined) {
      throw mismatch(`The Mcp-Param-${suffix} header is not valid base64 inside =?base64?…?=.`);
    }
    if (decoded !== String(value)) {
      throw mismatch(`The Mcp-Param-${suffix} header does not match the "${name}" argument.`);
    }
  }
}

function mismatch(message: string): McpProtocolError {
  return new McpProtocolError(JsonRpcErrorCode.HEADER_MISMATCH, message, undefined, 'rejected');
}

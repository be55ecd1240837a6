import { HttpException } from '@nestjs/common';
import { McpValidationException, type McpFieldViolation } from '../errors/mcp-validation.exception.js';
import { McpHttpResponseError } from '../execution/http-response.error.js';
import type { JsonSchema } from '../schema/json-schema.types.js';
import { escapePointerSegment } from '../execution/validation-violations.js';

/** What went wrong in a handler, in a form a person (or a model) can act on. */
export interface ErrorDescription {
  /** The HTTP status the route would have answered with, when there is one. */
  status?: number;
  /** One line saying what is wrong. */
  message: string;
  /** One entry per failing argument, for validation errors. */
  violations: McpFieldViolation[];
}

/**
 * Describes an error thrown by a handler (or written by its exception filter): the status and message of an
 * `HttpException`, each failing field of a validation error as a JSON Pointer, the message of anything else.
 */
export function describeError(error: unknown, inputSchema?: JsonSchema): ErrorDescription {
  if (error instanceof McpValidationException) {
    return { status: 400, message: 'The arguments are invalid.', violations: error.violations };
  }
  if (error instanceof HttpException) {
    return describeHttpBody(error.getStatus(), error.getResponse(), inputSchema);
  }
  if (error instanceof McpHttpResponseError) {
    return describeHttpBody(error.status, error.body, inputSchema);
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: message || 'The handler failed without a message.', violations: [] };
}

function describeHttpBody(status: number, body: unknown, inputSchema?: JsonSchema): ErrorDescription {
  const raw = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) {
    const violations = raw.map((message) => ({ pointer: pointerFor(message, inputSchema), message }));
    return { status, message: 'The arguments are invalid.', violations };
  }
  const message =
    typeof raw === 'string' && raw
      ? raw
      : typeof body === 'string' && body
        ? body
        : `The request failed with HTTP ${status}.`;
  return { status, message, violations: [] };
}

/**
 * The JSON Pointer of a `ValidationPipe` message such as "title must be a string" or "author.name should not be
 * empty": its leading property path, when that path starts with a known argument. Otherwise `/arguments`.
 */
function pointerFor(message: string, inputSchema?: JsonSchema): string {
  const path = /^([\w$]+(?:\.[\w$]+)*)\s/.exec(message)?.[1];
  const known = inputSchema?.properties ?? {};
  if (!path) return '/arguments';
  const segments = path.split('.');
  if (!(segments[0]! in known) && !('body' in known && known.body?.properties && segments[0]! in known.body.properties)) {
    return '/arguments';
  }
  const root = segments[0]! in known ? '/arguments' : '/arguments/body';
  return `${root}/${segments.map(escapePointerSegment).join('/')}`;
}

/** Renders a description as the text of an error result. */
export function renderErrorText(description: ErrorDescription): string {
  const status = description.status ? ` (HTTP ${description.status})` : '';
  const lines = [`${description.message}${status}`];
  for (const violation of description.violations) {
    lines.push(`- ${violation.pointer}: ${violation.message}`);
  }
  return lines.join('\n');
}

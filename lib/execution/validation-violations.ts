import type { McpFieldViolation } from '../errors/mcp-validation.exception.js';
import type { ValidationErrorLike } from './optional-validation.loader.js';

/** Escapes one JSON Pointer segment (RFC 6901). */
export function escapePointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Flattens class-validator errors into one violation per failing constraint, each with its JSON Pointer. */
export function toViolations(errors: ValidationErrorLike[], base = '/arguments'): McpFieldViolation[] {
  const violations: McpFieldViolation[] = [];
  for (const error of errors) {
    const pointer = `${base}/${escapePointerSegment(error.property)}`;
    for (const message of Object.values(error.constraints ?? {})) {
      violations.push({ pointer, message });
    }
    if (error.children?.length) {
      violations.push(...toViolations(error.children, pointer));
    }
  }
  return violations;
}

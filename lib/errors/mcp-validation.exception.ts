import { BadRequestException } from '@nestjs/common';

/** One failing argument: where it is (a JSON Pointer into the request params) and what is wrong. */
export interface McpFieldViolation {
  /** A JSON Pointer such as `/arguments/title` or `/arguments/author/name`. */
  pointer: string;
  /** What is wrong, in words a person can act on. */
  message: string;
}

/**
 * Thrown when a call's arguments fail validation against their DTO. A `BadRequestException`, so HTTP-style
 * exception filters treat it like `ValidationPipe`'s; tools report it as an `isError` result listing each field.
 */
export class McpValidationException extends BadRequestException {
  constructor(readonly violations: McpFieldViolation[]) {
    super({
      statusCode: 400,
      error: 'Bad Request',
      message: violations.map((violation) => `${violation.pointer}: ${violation.message}`),
    });
  }
}

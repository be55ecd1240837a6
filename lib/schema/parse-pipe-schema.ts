import { ParseBoolPipe, ParseFloatPipe, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import type { JsonSchema } from './json-schema.types.js';

const PIPE_SCHEMAS: ReadonlyArray<readonly [Function, JsonSchema]> = [
  [ParseIntPipe, { type: 'integer' }],
  [ParseFloatPipe, { type: 'number' }],
  [ParseBoolPipe, { type: 'boolean' }],
  [ParseUUIDPipe, { type: 'string', format: 'uuid' }],
];

/**
 * The schema a built-in parse pipe accepts, when one of a parameter's pipes is one (`@Param('id', ParseIntPipe)`):
 * what the route really takes, more precise than a design type of `number`.
 */
export function parsePipeSchema(pipes: readonly unknown[]): JsonSchema | undefined {
  for (const pipe of pipes) {
    const match = PIPE_SCHEMAS.find(([pipeType]) => pipe === pipeType || pipe instanceof pipeType);
    if (match) {
      return { ...match[1] };
    }
  }
  return undefined;
}

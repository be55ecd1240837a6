import type { Type } from '@nestjs/common';
import { SWAGGER_METADATA } from '../mcp.constants.js';

/**
 * Marks a controller the way `@ApiExcludeController()` of `@nestjs/swagger` does, without importing that package:
 * the MCP endpoint speaks JSON-RPC, not REST, so it has no place among the app's OpenAPI operations.
 */
export function excludeFromOpenApi<T>(controller: Type<T>): Type<T> {
  const previous: unknown = Reflect.getMetadata(SWAGGER_METADATA.EXCLUDE_CONTROLLER, controller);
  Reflect.defineMetadata(SWAGGER_METADATA.EXCLUDE_CONTROLLER, [...(Array.isArray(previous) ? previous : []), true], controller);
  return controller;
}

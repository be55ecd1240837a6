import type { PipeTransform, Type } from '@nestjs/common';
import { assignMetadata, getParamArgsMetadata, ROUTE_ARGS_METADATA } from '@nestjs/common/internal';
import { McpParamtype } from '../mcp.constants.js';
import { McpArgsValidationPipe } from '../execution/mcp-args-validation.pipe.js';

/**
 * Injects a tool's (or prompt's) `arguments` object into a provider-hosted handler.
 *
 * When the parameter's type is a class decorated with class-validator, the arguments are transformed into an
 * instance of it and validated; the tool's input schema is derived from the same class. Further pipes run after.
 *
 * @example
 * ```ts
 * @McpTool({ description: 'Greets someone' })
 * greet(@McpArgs() args: GreetDto) {
 *   return `Hello, ${args.name}!`;
 * }
 * ```
 */
export function McpArgs(...pipes: (Type<PipeTransform> | PipeTransform)[]): ParameterDecorator {
  return (target, key, index) => {
    const args = getParamArgsMetadata(ROUTE_ARGS_METADATA, target, key!, index);
    Reflect.defineMetadata(
      ROUTE_ARGS_METADATA,
      assignMetadata(args, McpParamtype.ARGS as never, index, { data: undefined, pipes: [McpArgsValidationPipe, ...pipes] }),
      target.constructor,
      key!,
    );
  };
}

import type { PipeTransform, Type } from '@nestjs/common';
import { recordParamArg } from '../compat/nest-route-args.js';
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
    recordParamArg(target, key!, index, McpParamtype.ARGS, undefined, [McpArgsValidationPipe, ...pipes]);
  };
}

import { McpParamtype } from '../mcp.constants.js';
import { buildClassSchema } from './class-schema.builder.js';
import type { JsonObjectSchema } from './json-schema.types.js';
import { isUserClass } from './primitive-schema.js';
import { readRouteParameters } from './route-parameters.reader.js';

/**
 * The input schema of a provider method exposed as a tool, resource template or prompt: the schema of its
 * `@McpArgs()` DTO class, or `{ type: 'object' }` (any arguments) when it has no `@McpArgs()` parameter or that
 * parameter is not typed with a class. The whole arguments object is the handler's input, so the argument layout
 * is always `PROVIDER_ARGUMENT_LAYOUT`.
 *
 * @example
 * ```ts
 * class GreetDto { @IsString() name: string; }
 * class Greeter { @McpTool() greet(@McpArgs() args: GreetDto) { ... } }
 * buildProviderInputSchema(Greeter, 'greet');
 * // { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }
 * ```
 */
export function buildProviderInputSchema(classRef: Function, methodName: string): JsonObjectSchema {
  const args = readRouteParameters(classRef, methodName).find((parameter) => parameter.paramtype === McpParamtype.ARGS);
  return args && isUserClass(args.designType) ? buildClassSchema(args.designType) : { type: 'object' };
}

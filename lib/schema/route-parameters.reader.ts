import {
  CUSTOM_ROUTE_ARGS_METADATA,
  PARAMTYPES_METADATA,
  ROUTE_ARGS_METADATA,
  type RouteArgsEntry,
} from '../compat/nest-route-args.js';

/** One parameter of a handler as its parameter decorator recorded it. */
export interface RouteParameter {
  /** The parameter's position in the method's signature. */
  readonly index: number;
  /** A `RouteParamtypes` or `McpParamtype` value. */
  readonly paramtype: number;
  /** The decorator's argument: the name in `@Param('id')`, `@Query('page')`, `@Body('title')`. */
  readonly data: unknown;
  /** The pipes given to the decorator, as classes or instances. */
  readonly pipes: readonly unknown[];
  /** The parameter's TypeScript design type, when decorator metadata was emitted. */
  readonly designType: unknown;
}

/**
 * The parameters of a handler that carry a built-in or MCP parameter decorator, in signature order. Parameters of
 * custom decorators (`createParamDecorator`) and undecorated ones are left out: they take nothing from arguments.
 */
export function readRouteParameters(classRef: Function, methodName: string): RouteParameter[] {
  const entries: Record<string, RouteArgsEntry> = Reflect.getMetadata(ROUTE_ARGS_METADATA, classRef, methodName) ?? {};
  const designTypes: unknown[] = Reflect.getMetadata(PARAMTYPES_METADATA, classRef.prototype, methodName) ?? [];
  const parameters: RouteParameter[] = [];
  for (const [key, entry] of Object.entries(entries)) {
    const paramtype = key.split(':')[0];
    if (paramtype.includes(CUSTOM_ROUTE_ARGS_METADATA) || !/^\d+$/.test(paramtype)) {
      continue;
    }
    parameters.push({
      index: entry.index,
      paramtype: Number(paramtype),
      data: entry.data,
      pipes: entry.pipes ?? [],
      designType: designTypes[entry.index],
    });
  }
  return parameters.sort((a, b) => a.index - b.index);
}

/** How a parameter reads in messages: `parameter 1 (@Body("title"))`. */
export function describeParameter(parameter: RouteParameter, decorator: string): string {
  const data = typeof parameter.data === 'string' ? `"${parameter.data}"` : '';
  return `parameter ${parameter.index} (@${decorator}(${data}))`;
}

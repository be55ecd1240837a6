import type { IncomingMessage } from 'node:http';
import type { McpContext } from '../context/mcp-context.js';
import type { RouteArgumentLayout } from '../schema/route-argument-layout.js';

/** Where the params factory finds the MCP call a route request belongs to. */
export const MCP_INVOCATION = Symbol('mcp:invocation');

/** The MCP call a route request was built for. */
export interface McpInvocation {
  readonly args: Record<string, unknown>;
  readonly context: McpContext;
}

/** The request object a route sees when it runs as an MCP handler. */
export type McpRouteRequest = IncomingMessage & {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  [MCP_INVOCATION]: McpInvocation;
};

function pick(args: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) {
    if (args[name] !== undefined) {
      picked[name] = args[name];
    }
  }
  return picked;
}

function omit(args: Record<string, unknown>, layout: RouteArgumentLayout): Record<string, unknown> {
  if (layout.pathParams.length === 0 && layout.queryParams.length === 0) {
    return { ...args };
  }
  const rest: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    if (!layout.pathParams.includes(name) && !layout.queryParams.includes(name)) {
      rest[name] = value;
    }
  }
  return rest;
}

/**
 * Builds the request a route sees for one MCP call: an overlay of the HTTP request that carried the MCP message. It
 * shares that request's prototype (Express or Fastify helpers, Node's `IncomingMessage` getters) and starts with a
 * shallow copy of its own properties (headers, socket, `user` set by auth middleware, `ip`…), and has its own
 * `params`, `query` and `body` taken from the call's arguments. One object per call, so concurrent calls never see
 * each other's values, and whatever a guard sets on it (`request.user = …`) stays with that call.
 *
 * The live request is never made a prototype: `Object.create(liveRequest)` per call turned every request object into
 * a prototype, which V8 makes expensive to create and slower to read.
 */
export function createRouteRequest(
  httpRequest: IncomingMessage,
  args: Record<string, unknown>,
  context: McpContext,
  layout: RouteArgumentLayout,
): McpRouteRequest {
  const body = !layout.hasBody ? undefined : layout.bodyNested ? args.body : omit(args, layout);
  const prototype = Object.getPrototypeOf(httpRequest) as object;
  const request = Object.create(prototype) as McpRouteRequest;
  const source = httpRequest as unknown as Record<PropertyKey, unknown>;
  const target = request as unknown as Record<PropertyKey, unknown>;
  for (const key of Reflect.ownKeys(httpRequest)) {
    if (OWN_KEYS.has(key)) continue;
    // A key the prototype also defines may be an accessor there: copy it as it is rather than call a setter.
    if (key in prototype) Object.defineProperty(request, key, Object.getOwnPropertyDescriptor(httpRequest, key)!);
    else target[key] = source[key];
  }
  setOwn(target, prototype, 'params', pick(args, layout.pathParams));
  setOwn(target, prototype, 'query', pick(args, layout.queryParams));
  setOwn(target, prototype, 'body', body);
  Object.defineProperty(request, MCP_INVOCATION, { value: { args, context } satisfies McpInvocation });
  return request;
}

/** The keys the overlay always has its own values for: the live request's are never read. */
const OWN_KEYS: ReadonlySet<PropertyKey> = new Set(['params', 'query', 'body']);

/** Gives the overlay its own `key`, shadowing an accessor of the prototype (Express 5's `query` getter) if need be. */
function setOwn(target: Record<PropertyKey, unknown>, prototype: object, key: string, value: unknown): void {
  if (Object.hasOwn(target, key) || !(key in prototype)) target[key] = value;
  else Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

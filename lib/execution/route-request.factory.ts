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
  // Built as own data properties (as the spread above and JSON.parse do), never by assignment: an argument named
  // "__proto__" assigned to a plain object would become its prototype, lending the body unvalidated properties.
  return Object.fromEntries(
    Object.entries(args).filter(([name]) => !layout.pathParams.includes(name) && !layout.queryParams.includes(name)),
  );
}

/**
 * Builds the request a route sees for one MCP call: an overlay of the HTTP request that carried the MCP message. It
 * shares that request's prototype (Express or Fastify helpers, Node's `IncomingMessage` getters) and starts with a
 * shallow copy of its own properties (headers, socket, `user` set by auth middleware, `ip`…), and has its own
 * `params`, `query` and `body` taken from the call's arguments. One object per call, so concurrent calls never see
 * each other's values, and whatever a guard sets on it (`request.user = …`) stays with that call.
 *
 * The live request is never made a prototype: `Object.create(liveRequest)` per call turned every request object into
 * a prototype, which V8 makes expensive to create and slower to read. The copy is one object spread (which keeps
 * the overlay in V8's fast mode; copying key by key turned an Express request's overlay into a slow dictionary),
 * then the few properties a spread does not copy as they are (see {@link copyPlanFor}).
 */
export function createRouteRequest(
  httpRequest: IncomingMessage,
  args: Record<string, unknown>,
  context: McpContext,
  layout: RouteArgumentLayout,
): McpRouteRequest {
  const body = !layout.hasBody ? undefined : layout.bodyNested ? args.body : omit(args, layout);
  const prototype = overlayPrototypeOf(Object.getPrototypeOf(httpRequest) as object);
  const request = { __proto__: prototype, ...httpRequest } as unknown as McpRouteRequest;
  const source = httpRequest as unknown as Record<PropertyKey, unknown>;
  const target = request as unknown as Record<PropertyKey, unknown>;
  for (const [key, step] of copyPlanFor(prototype, httpRequest)) {
    if (step === ASSIGN) target[key] = source[key];
    else Object.defineProperty(request, key, Object.getOwnPropertyDescriptor(httpRequest, key)!);
  }
  target.params = pick(args, layout.pathParams);
  target.query = pick(args, layout.queryParams);
  target.body = body;
  // An assignment (a symbol key: no JSON, no Object.keys sees it); `Object.defineProperty` per call costs more.
  target[MCP_INVOCATION] = { args, context } satisfies McpInvocation;
  return request;
}

/** The keys the overlay always has its own values for: the live request's are never read. */
const OWN_KEYS: ReadonlySet<PropertyKey> = new Set(['params', 'query', 'body']);

/** How an own key of the live request the spread did not copy as it is gets onto the overlay. */
const ASSIGN = 0;
const DEFINE = 1;
type CopyStep = readonly [key: PropertyKey, step: typeof ASSIGN | typeof DEFINE];

/** The last copy plan per overlay prototype, with the key list it was made for (requests of one app share both). */
const COPY_PLANS = new WeakMap<object, { keys: readonly PropertyKey[]; plan: readonly CopyStep[] }>();

/**
 * What to do after the spread so the overlay has the same own properties as before: a non-enumerable property
 * (which a spread skips) is assigned; a property shadowing a key of the platform's prototype that is not a plain
 * writable value there, or that is not a plain value on the live request, is copied with its descriptor rather
 * than as the value the spread read. Made once per prototype and key list, which the requests of one app share;
 * for Express's and Fastify's requests it is empty or nearly so.
 */
function copyPlanFor(prototype: object, sample: object): readonly CopyStep[] {
  const keys = Reflect.ownKeys(sample);
  const cached = COPY_PLANS.get(prototype);
  if (cached && sameKeys(cached.keys, keys)) return cached.plan;
  const plan: CopyStep[] = [];
  for (const key of keys) {
    if (OWN_KEYS.has(key)) continue;
    const own = Object.getOwnPropertyDescriptor(sample, key)!;
    if (key in prototype) {
      const plain = 'value' in own && own.enumerable && own.writable && own.configurable && isPlainWritable(prototype, key);
      if (!plain) plan.push([key, DEFINE]);
    } else if (!own.enumerable) {
      plan.push([key, ASSIGN]);
    }
  }
  COPY_PLANS.set(prototype, { keys, plan });
  return plan;
}

function sameKeys(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}

/** Whether the prototype chain holds `key` as a plain writable value (no accessor, not read-only), or not at all. */
function isPlainWritable(prototype: object, key: PropertyKey): boolean {
  for (let holder: object | null = prototype; holder; holder = Object.getPrototypeOf(holder) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(holder, key);
    if (descriptor) return 'value' in descriptor && descriptor.writable === true;
  }
  return true;
}

/** The prototype of the overlays of requests of one platform prototype (see {@link overlayPrototypeOf}). */
const OVERLAY_PROTOTYPES = new WeakMap<object, object>();

/**
 * The platform's request prototype with plain writable `params`, `query` and `body` in front: an overlay gets its
 * own values for them by plain assignment, shadowing an accessor of the platform (Express 5's `query` getter)
 * without an `Object.defineProperty` per call. Made once per platform prototype.
 */
function overlayPrototypeOf(platformPrototype: object): object {
  let prototype = OVERLAY_PROTOTYPES.get(platformPrototype);
  if (!prototype) {
    const shadow = { value: undefined, writable: true, enumerable: false, configurable: true };
    prototype = Object.create(platformPrototype, { params: shadow, query: shadow, body: shadow }) as object;
    OVERLAY_PROTOTYPES.set(platformPrototype, prototype);
  }
  return prototype;
}

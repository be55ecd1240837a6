/**
 * Nest's route-argument metadata, kept here as plain values. The key names and parameter type numbers are the same
 * in NestJS 11 and 12, but only Nest 12 exports them (from `@nestjs/common/internal`), so the library carries its
 * own copy instead of importing an entry point one major lacks. `nest-route-args.spec.ts` checks the copy against
 * the installed Nest.
 */

/** Metadata key under which parameter decorators record a method's arguments. */
export const ROUTE_ARGS_METADATA = '__routeArguments__';
/** Marker in the key of an argument recorded by a `createParamDecorator()` decorator. */
export const CUSTOM_ROUTE_ARGS_METADATA = '__customRouteArgs__';
/** Metadata key of `@Redirect()`: the route's redirect URL and status. */
export const REDIRECT_METADATA = '__redirect__';
/** Metadata key of `@Sse()`: the route streams Server-Sent Events. */
export const SSE_METADATA = '__sse__';
/** TypeScript's design-time parameter types. */
export const PARAMTYPES_METADATA = 'design:paramtypes';

/** Nest's built-in parameter decorators, by the number they record (`@Cookies` and `@SignedCookies` are Nest 12). */
export enum RouteParamtypes {
  REQUEST = 0,
  RESPONSE = 1,
  NEXT = 2,
  BODY = 3,
  QUERY = 4,
  PARAM = 5,
  HEADERS = 6,
  SESSION = 7,
  FILE = 8,
  FILES = 9,
  HOST = 10,
  IP = 11,
  RAW_BODY = 12,
  ACK = 13,
  COOKIES = 14,
  SIGNED_COOKIES = 15,
}

/** One recorded argument: where it sits, the decorator's data and its pipes. */
export interface RouteArgsEntry {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

/** The route-arguments record of one method, keyed `"<paramtype>:<index>"`. */
export type RouteArgsRecord = Record<string, RouteArgsEntry>;

/**
 * The arguments a parameter decorator at `index` adds to. An overriding method starts from its parent's record;
 * the entry it inherited at `index` is left out so the override's decorator replaces it (as Nest 12 does).
 */
export function readParamArgs(target: object, key: string | symbol, index: number): RouteArgsRecord {
  const own: RouteArgsRecord = Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key) ?? {};
  const inherited: RouteArgsRecord =
    Reflect.getMetadata(ROUTE_ARGS_METADATA, Object.getPrototypeOf(target.constructor), key) ?? {};
  return Object.fromEntries(
    Object.entries(own).filter(([argKey, arg]) => arg.index !== index || arg !== inherited[argKey]),
  );
}

/** Records one argument in the shape Nest's own parameter decorators use, so Nest's pipeline reads it. */
export function recordParamArg(
  target: object,
  key: string | symbol,
  index: number,
  paramtype: number,
  data: unknown,
  pipes: unknown[] = [],
): void {
  const record = { ...readParamArgs(target, key, index), [`${paramtype}:${index}`]: { index, data, pipes } };
  Reflect.defineMetadata(ROUTE_ARGS_METADATA, record, target.constructor, key);
}

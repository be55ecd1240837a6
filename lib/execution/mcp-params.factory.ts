import type { ParamData } from '@nestjs/common';
import { RouteParamtypes } from '../compat/nest-route-args.js';
import { McpParamtype } from '../mcp.constants.js';
import type { CapturedHttpResponse } from './captured-http-response.js';
import { MCP_INVOCATION, type McpRouteRequest } from './route-request.factory.js';

type Keyed = Record<string, unknown> | undefined;

/** The shape `ExternalContextCreator` expects of a params factory. */
export interface RouteParamsFactory {
  exchangeKeyForValue(type: number, data: ParamData, args: unknown[]): unknown;
}

function valueOf(source: Keyed, data: ParamData): unknown {
  return data === undefined || data === null ? source : source?.[String(data)];
}

/**
 * Resolves route parameters (`@Param`, `@Query`, `@Body`, `@Headers`, `@Req`, …) and `@McpArgs()`/`@McpCtx()`
 * from the request built for an MCP call. Nest's own custom parameter decorators are resolved by Nest itself.
 */
export class McpParamsFactory implements RouteParamsFactory {
  exchangeKeyForValue(type: number, data: ParamData, args: unknown[]): unknown {
    const [request, response, next] = args as [McpRouteRequest, CapturedHttpResponse, () => void];
    switch (type) {
      case McpParamtype.ARGS:
        return valueOf(request[MCP_INVOCATION].args, data);
      case McpParamtype.CONTEXT:
        return request[MCP_INVOCATION].context;
      case RouteParamtypes.REQUEST:
        return request;
      case RouteParamtypes.RESPONSE:
        return response;
      case RouteParamtypes.NEXT:
        return next;
      case RouteParamtypes.BODY:
        return valueOf(request.body as Keyed, data);
      case RouteParamtypes.QUERY:
        return valueOf(request.query, data);
      case RouteParamtypes.PARAM:
        return valueOf(request.params, data);
      case RouteParamtypes.HEADERS:
        return data ? request.headers[String(data).toLowerCase()] : request.headers;
      case RouteParamtypes.SESSION:
        return (request as { session?: unknown }).session;
      case RouteParamtypes.HOST:
        return valueOf((request as { hosts?: Keyed }).hosts, data);
      case RouteParamtypes.IP:
        return (request as { ip?: string }).ip;
      case RouteParamtypes.RAW_BODY:
        return undefined;
      case RouteParamtypes.COOKIES:
        return valueOf((request as { cookies?: Keyed }).cookies, data);
      case RouteParamtypes.SIGNED_COOKIES:
        return valueOf((request as { signedCookies?: Keyed }).signedCookies, data);
      default:
        return undefined;
    }
  }
}

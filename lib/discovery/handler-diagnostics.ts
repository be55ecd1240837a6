import { RouteParamtypes, ROUTE_ARGS_METADATA, PARAMTYPES_METADATA, type RouteArgsRecord } from '../compat/nest-route-args.js';
import { McpParamtype } from '../mcp.constants.js';
import { buildClassSchema } from '../schema/class-schema.builder.js';
import { isUserClass } from '../schema/primitive-schema.js';
import { readRouteParameters, type RouteParameter } from '../schema/route-parameters.reader.js';
import { readSwaggerParameters } from '../schema/swagger-metadata.reader.js';

/** A mistake in how a handler is declared: an `error` stops bootstrap, a `warning` is logged. */
export interface HandlerDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** What the checks need to know about a handler besides its class and method. */
export interface HandlerTraits {
  /** Whether it is a controller route (true) or a provider method (false). */
  readonly isController: boolean;
  /** Whether its arguments are described explicitly (`inputSchema` on a tool, `arguments` on a prompt). */
  readonly explicitArguments: boolean;
  /** Whether its arguments come from a URI template (resources), so no schema is advertised. */
  readonly isResource: boolean;
}

/** Parameter decorators whose value an MCP call can never supply, with the fix. */
const NEVER_FILLED: Readonly<Record<number, string>> = {
  [RouteParamtypes.FILE]:
    '@UploadedFile() cannot be filled by an MCP call, which carries JSON arguments, not a multipart upload; ' +
    'take the content as a base64 string field of a DTO, or do not expose this route with an MCP decorator',
  [RouteParamtypes.FILES]:
    '@UploadedFiles() cannot be filled by an MCP call, which carries JSON arguments, not a multipart upload; ' +
    'take the contents as base64 string fields of a DTO, or do not expose this route with an MCP decorator',
  [RouteParamtypes.RAW_BODY]:
    '@RawBody() is always undefined in an MCP call; read the parsed arguments with @Body() or @McpArgs() instead',
};

/** Route decorators a provider method cannot use, with the fix. */
const ROUTE_ONLY: Readonly<Record<number, { name: string; severity: 'error' | 'warning' }>> = {
  [RouteParamtypes.QUERY]: { name: 'Query', severity: 'error' },
  [RouteParamtypes.PARAM]: { name: 'Param', severity: 'error' },
  [RouteParamtypes.BODY]: { name: 'Body', severity: 'warning' },
};

const UNNAMED_DECORATORS: Readonly<Record<number, string>> = {
  [RouteParamtypes.BODY]: 'Body',
  [RouteParamtypes.QUERY]: 'Query',
  [RouteParamtypes.PARAM]: 'Param',
  [McpParamtype.ARGS]: 'McpArgs',
};

const SWAGGER_LOCATIONS: Readonly<Record<number, string>> = {
  [RouteParamtypes.BODY]: 'body',
  [RouteParamtypes.QUERY]: 'query',
  [RouteParamtypes.PARAM]: 'path',
};

/**
 * Checks a handler's parameters for mistakes that would otherwise pass silently: undecorated parameters of provider
 * methods (they would receive the library's internal request object), decorators an MCP call cannot fill
 * (`@UploadedFile()`, `@RawBody()`), route decorators on provider methods, `@Session()`, and argument types that
 * yield an empty schema (interfaces, inline types, `any`, classes without validation or Swagger decorators).
 */
export function diagnoseHandler(classRef: Function, methodName: string, traits: HandlerTraits): HandlerDiagnostic[] {
  const diagnostics: HandlerDiagnostic[] = [];
  const record: RouteArgsRecord = Reflect.getMetadata(ROUTE_ARGS_METADATA, classRef, methodName) ?? {};
  const entries = Object.entries(record).map(([key, entry]) => ({ paramtype: key.split(':')[0], entry }));

  if (!traits.isController) {
    const decorated = new Set(entries.map(({ entry }) => entry.index));
    const designTypes: unknown[] = Reflect.getMetadata(PARAMTYPES_METADATA, classRef.prototype, methodName) ?? [];
    const method = (classRef.prototype as Record<string, unknown>)[methodName];
    const count = Math.max(designTypes.length, typeof method === 'function' ? method.length : 0);
    for (let index = 0; index < count; index++) {
      if (!decorated.has(index)) {
        diagnostics.push({
          severity: 'error',
          message:
            `Parameter ${index} has no parameter decorator, so it would receive the library's internal request ` +
            'object; add @McpArgs() for the arguments or @McpCtx() for the MCP context, or remove the parameter',
        });
      }
    }
  }

  for (const { paramtype, entry } of entries) {
    const type = Number(paramtype);
    const neverFilled = NEVER_FILLED[type];
    if (neverFilled) {
      diagnostics.push({ severity: 'error', message: `Parameter ${entry.index}: ${neverFilled}` });
    }
    if (type === RouteParamtypes.SESSION) {
      diagnostics.push({
        severity: 'warning',
        message:
          `Parameter ${entry.index} (@Session()) reads the session of the HTTP request that carried the MCP ` +
          'message, not one of the call\'s arguments; if the value should come from the client, make it a DTO field',
      });
    }
    const routeOnly = !traits.isController ? ROUTE_ONLY[type] : undefined;
    if (routeOnly) {
      diagnostics.push({
        severity: routeOnly.severity,
        message:
          `Parameter ${entry.index} uses @${routeOnly.name}(), but a provider method is not a route: ` +
          `${routeOnly.severity === 'error' ? 'it always receives nothing' : 'its schema is not derived'}; ` +
          'use @McpArgs() with a DTO class instead',
      });
    }
  }

  if (!traits.explicitArguments && !traits.isResource) {
    diagnostics.push(...emptySchemaWarnings(classRef, methodName, traits));
  }
  return diagnostics;
}

/** Warnings for unnamed argument parameters whose type gives the client no schema to follow. */
function emptySchemaWarnings(classRef: Function, methodName: string, traits: HandlerTraits): HandlerDiagnostic[] {
  const swagger = readSwaggerParameters((classRef.prototype as Record<string, unknown>)[methodName]);
  const warnings: HandlerDiagnostic[] = [];
  for (const parameter of readRouteParameters(classRef, methodName)) {
    const decorator = UNNAMED_DECORATORS[parameter.paramtype];
    if (!decorator || typeof parameter.data === 'string') continue;
    if (!traits.isController && parameter.paramtype !== McpParamtype.ARGS) continue;
    const location = SWAGGER_LOCATIONS[parameter.paramtype];
    if (location && swagger.some((declared) => declared.in === location)) continue;
    const problem = emptySchemaProblem(parameter);
    if (problem) {
      warnings.push({
        severity: 'warning',
        message:
          `Parameter ${parameter.index} (@${decorator}()) ${problem}, so the advertised schema accepts any ` +
          'arguments; declare a DTO class with class-validator or @ApiProperty() decorators, or set "inputSchema" ' +
          '(tools) or "arguments" (prompts) explicitly',
      });
    }
  }
  return warnings;
}

function emptySchemaProblem(parameter: RouteParameter): string | undefined {
  const { designType } = parameter;
  if (isUserClass(designType)) {
    const schema = buildClassSchema(designType);
    return schema.properties ? undefined : `has the class "${designType.name}", which has no validation or Swagger decorators`;
  }
  if (designType === Object || designType === undefined) {
    return 'is typed with an interface, an inline type or any (no class to read)';
  }
  return undefined;
}

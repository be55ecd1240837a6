import { RouteParamtypes } from '../compat/nest-route-args.js';
import { McpParamtype } from '../mcp.constants.js';
import { ClassSchemaBuilder, mergeSchemas } from './class-schema.builder.js';
import type { HandlerInputSchema } from './handler-input-schema.interface.js';
import type { JsonObjectSchema, JsonSchema } from './json-schema.types.js';
import { parsePipeSchema } from './parse-pipe-schema.js';
import { isUnrepresentableType, isUserClass, primitiveSchema } from './primitive-schema.js';
import type { RouteParameter } from './route-parameters.reader.js';
import { describeParameter, readRouteParameters } from './route-parameters.reader.js';
import { McpSchemaError } from './schema-derivation.error.js';
import { isSwaggerRequired, readSwaggerParameters, swaggerSchema, type SwaggerParameter } from './swagger-metadata.reader.js';

/** The name of the nested argument that holds the body when it cannot be spread. */
const BODY_ARGUMENT = 'body';

const DECORATOR_NAMES: Readonly<Record<number, string>> = {
  [RouteParamtypes.PARAM]: 'Param',
  [RouteParamtypes.QUERY]: 'Query',
  [RouteParamtypes.BODY]: 'Body',
  [McpParamtype.ARGS]: 'McpArgs',
};

/** Where `@ApiParam()`, `@ApiQuery()` and `@ApiBody()` put a parameter, by the route decorator that reads it. */
const SWAGGER_LOCATIONS: Readonly<Record<number, string>> = {
  [RouteParamtypes.PARAM]: 'path',
  [RouteParamtypes.QUERY]: 'query',
  [RouteParamtypes.BODY]: 'body',
};

/** The arguments one kind of parameter (path, query or body) contributes, in the order they are met. */
class ArgumentGroup {
  readonly properties: Record<string, JsonSchema> = {};
  readonly required = new Set<string>();

  add(name: string, schema: JsonSchema, required: boolean): void {
    this.properties[name] ??= schema;
    if (required) {
      this.required.add(name);
    }
  }

  names(): string[] {
    return Object.keys(this.properties);
  }
}

/**
 * The input schema of a controller route exposed as a tool, resource template or prompt, derived from its
 * parameter decorators, design types and DTOs, with the {@link RouteArgumentLayout} that splits a call's arguments
 * back into `params`, `query` and `body`.
 *
 * - `@Param('id')`: a required argument typed from the design type (or a parse pipe such as `ParseIntPipe`);
 *   `@Param()` with a DTO: each of its fields, all required.
 * - `@Query('page')`: an optional argument; `@Query()` with a DTO: its fields, optional as the DTO says.
 * - `@Body()` or `@McpArgs()` with a DTO: its fields as top-level arguments; `@Body('title')`: a required argument.
 *   The body moves under a required `body` argument when one of its fields is named like a path or query
 *   parameter, or when it is not an object (`@Body() items: ItemDto[]`).
 * - Every other parameter (`@Req()`, `@Headers()`, `@Ip()`, `@McpCtx()`, custom decorators, ...) adds nothing.
 * - `@nestjs/swagger`'s `@ApiParam()`/`@ApiQuery()` add type, description and (for queries) `required` to the
 *   parameter of the same name, and name the arguments of an unnamed `@Param()`/`@Query()` that has no DTO;
 *   `@ApiBody({ type })` gives an unnamed `@Body()` without a DTO its class. The route's own types win.
 *
 * Arguments are listed path first, then query, then body. A name used by both a path and a query parameter is one
 * argument. Recursive DTOs are published under `$defs` at the root.
 *
 * @throws {McpSchemaError} when a parameter's type cannot be carried in JSON arguments (`Promise`, `Map`, ...), or
 * when a body that must be nested meets a path or query parameter named `body`.
 */
export function buildRouteInputSchema(classRef: Function, methodName: string): HandlerInputSchema {
  const builder = new ClassSchemaBuilder();
  const path = new ArgumentGroup();
  const query = new ArgumentGroup();
  const body = new ArgumentGroup();
  let hasBody = false;
  let bodyValue: JsonSchema | undefined;
  const swagger = new SwaggerRouteParameters(
    readSwaggerParameters((classRef.prototype as Record<string, unknown>)[methodName]),
    builder,
  );

  for (const parameter of readRouteParameters(classRef, methodName)) {
    switch (parameter.paramtype) {
      case RouteParamtypes.PARAM:
        addParameter(path, parameter, builder, swagger);
        break;
      case RouteParamtypes.QUERY:
        addParameter(query, parameter, builder, swagger);
        break;
      case RouteParamtypes.BODY:
      case McpParamtype.ARGS:
        hasBody = true;
        bodyValue ??= addParameter(body, parameter, builder, swagger);
        break;
    }
  }

  const pathOrQuery = new Set([...path.names(), ...query.names()]);
  const bodyNested = bodyValue !== undefined || body.names().some((name) => pathOrQuery.has(name));
  if (bodyNested && pathOrQuery.has(BODY_ARGUMENT)) {
    throw new McpSchemaError(
      `A path or query parameter is named "${BODY_ARGUMENT}", the argument that has to hold the request body; ` +
        'rename the parameter.',
    );
  }

  const all = new ArgumentGroup();
  for (const group of [path, query]) {
    for (const [name, schema] of Object.entries(group.properties)) {
      all.add(name, schema, group.required.has(name));
    }
  }
  if (bodyNested) {
    all.add(BODY_ARGUMENT, bodyValue ?? objectSchema(body), true);
  } else {
    for (const [name, schema] of Object.entries(body.properties)) {
      all.add(name, schema, body.required.has(name));
    }
  }

  const $defs = builder.definitions();
  return {
    schema: { ...objectSchema(all), ...($defs ? { $defs } : {}) },
    layout: { pathParams: path.names(), queryParams: query.names(), hasBody, bodyNested },
  };
}

/**
 * Adds a parameter's arguments to its group: one named argument (optional only for a query parameter), or the fields
 * of an unnamed parameter's DTO (all required for path parameters, else as the DTO says). Returns the schema of an
 * unnamed parameter that is not an object (an array, a string), which cannot be spread.
 */
function addParameter(
  group: ArgumentGroup,
  parameter: RouteParameter,
  builder: ClassSchemaBuilder,
  swagger: SwaggerRouteParameters,
): JsonSchema | undefined {
  const { designType } = parameter;
  if (isUnrepresentableType(designType)) {
    const description = describeParameter(parameter, DECORATOR_NAMES[parameter.paramtype]);
    const typeName = (designType as Function).name;
    throw new McpSchemaError(
      `The ${description} has the type "${typeName}", which tool arguments cannot carry; ` +
        'declare a JSON type or a DTO class, or set "inputSchema" explicitly.',
    );
  }
  const location = SWAGGER_LOCATIONS[parameter.paramtype];
  if (typeof parameter.data === 'string') {
    const derived = isUserClass(designType)
      ? builder.build(designType)
      : (parsePipeSchema(parameter.pipes) ?? primitiveSchema(designType) ?? {});
    const declared = location === 'body' ? undefined : swagger.named(location, parameter.data);
    const schema = declared ? mergeSchemas(swagger.schemaOf(declared), derived) : derived;
    const required = parameter.paramtype !== RouteParamtypes.QUERY || (declared !== undefined && isSwaggerRequired(declared));
    group.add(parameter.data, schema, required);
    return undefined;
  }
  const dtoClass = isUserClass(designType) ? designType : swagger.bodyClass(location);
  if (dtoClass) {
    const dto = builder.build(dtoClass);
    const ownRequired = new Set(dto.required ?? []);
    for (const [name, schema] of Object.entries(dto.properties ?? {})) {
      group.add(name, schema, parameter.paramtype === RouteParamtypes.PARAM || ownRequired.has(name));
    }
    return undefined;
  }
  const value = primitiveSchema(designType) ?? {};
  if (value.type === undefined || value.type === 'object') {
    for (const declared of swagger.all(location)) {
      group.add(declared.name!, swagger.schemaOf(declared), location === 'path' || isSwaggerRequired(declared));
    }
    return undefined;
  }
  return value;
}

/** A route's `@ApiParam()`, `@ApiQuery()` and `@ApiBody()`, looked up by location and name. */
class SwaggerRouteParameters {
  constructor(
    private readonly parameters: readonly SwaggerParameter[],
    private readonly builder: ClassSchemaBuilder,
  ) {}

  named(location: string | undefined, name: string): SwaggerParameter | undefined {
    return this.parameters.find((parameter) => parameter.in === location && parameter.name === name);
  }

  /** The named parameters declared for a location (the fields of an unnamed `@Query()`/`@Param()`). */
  all(location: string | undefined): SwaggerParameter[] {
    if (location === 'body') return [];
    return this.parameters.filter((parameter) => parameter.in === location && typeof parameter.name === 'string' && parameter.name);
  }

  /** The DTO class `@ApiBody({ type })` names, for an unnamed `@Body()` whose own type is not a class. */
  bodyClass(location: string | undefined): Function | undefined {
    if (location !== 'body') return undefined;
    const body = this.parameters.find((parameter) => parameter.in === 'body' && !parameter.isArray);
    const type = typeof body?.type === 'function' && !body.type.prototype ? (body.type as () => unknown)() : body?.type;
    return isUserClass(type) ? type : undefined;
  }

  schemaOf(parameter: SwaggerParameter): JsonSchema {
    return swaggerSchema(parameter, (type) => this.builder.build(type));
  }
}

function objectSchema(group: ArgumentGroup): JsonObjectSchema {
  const names = group.names();
  const required = names.filter((name) => group.required.has(name));
  return {
    type: 'object',
    ...(names.length > 0 ? { properties: { ...group.properties } } : {}),
    ...(required.length > 0 ? { required } : {}),
  };
}

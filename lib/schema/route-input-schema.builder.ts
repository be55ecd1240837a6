import { RouteParamtypes } from '../compat/nest-route-args.js';
import { McpParamtype } from '../mcp.constants.js';
import { ClassSchemaBuilder } from './class-schema.builder.js';
import type { HandlerInputSchema } from './handler-input-schema.interface.js';
import type { JsonObjectSchema, JsonSchema } from './json-schema.types.js';
import { parsePipeSchema } from './parse-pipe-schema.js';
import { isUnrepresentableType, isUserClass, primitiveSchema } from './primitive-schema.js';
import type { RouteParameter } from './route-parameters.reader.js';
import { describeParameter, readRouteParameters } from './route-parameters.reader.js';
import { McpSchemaError } from './schema-derivation.error.js';

/** The name of the nested argument that holds the body when it cannot be spread. */
const BODY_ARGUMENT = 'body';

const DECORATOR_NAMES: Readonly<Record<number, string>> = {
  [RouteParamtypes.PARAM]: 'Param',
  [RouteParamtypes.QUERY]: 'Query',
  [RouteParamtypes.BODY]: 'Body',
  [McpParamtype.ARGS]: 'McpArgs',
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

  for (const parameter of readRouteParameters(classRef, methodName)) {
    switch (parameter.paramtype) {
      case RouteParamtypes.PARAM:
        addParameter(path, parameter, builder);
        break;
      case RouteParamtypes.QUERY:
        addParameter(query, parameter, builder);
        break;
      case RouteParamtypes.BODY:
      case McpParamtype.ARGS:
        hasBody = true;
        bodyValue ??= addParameter(body, parameter, builder);
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
  if (typeof parameter.data === 'string') {
    const schema = isUserClass(designType)
      ? builder.build(designType)
      : (parsePipeSchema(parameter.pipes) ?? primitiveSchema(designType) ?? {});
    group.add(parameter.data, schema, parameter.paramtype !== RouteParamtypes.QUERY);
    return undefined;
  }
  if (isUserClass(designType)) {
    const dto = builder.build(designType);
    const ownRequired = new Set(dto.required ?? []);
    for (const [name, schema] of Object.entries(dto.properties ?? {})) {
      group.add(name, schema, parameter.paramtype === RouteParamtypes.PARAM || ownRequired.has(name));
    }
    return undefined;
  }
  const value = primitiveSchema(designType) ?? {};
  return value.type === undefined || value.type === 'object' ? undefined : value;
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

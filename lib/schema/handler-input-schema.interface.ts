import type { JsonObjectSchema } from './json-schema.types.js';
import type { RouteArgumentLayout } from './route-argument-layout.js';

/** A handler's input schema and the layout that maps a call's arguments back onto the handler's parameters. */
export interface HandlerInputSchema {
  /** The JSON Schema of the `arguments` object, published as the tool's `inputSchema`. */
  readonly schema: JsonObjectSchema;
  /** How the arguments split into path parameters, query parameters and body. */
  readonly layout: RouteArgumentLayout;
}

/**
 * How a controller route's parameters are laid out in a tool's flat `arguments` object, and therefore how a call's
 * arguments are split back into `params`, `query` and `body` of the request the route sees.
 *
 * - Every `@Param` name is a top-level argument (always required).
 * - Every `@Query` name (or field of a `@Query()` DTO) is a top-level argument.
 * - The `@Body()` DTO's fields are spread as top-level arguments too, unless one of them has the same name as a path
 *   or query parameter: then the whole body moves under a single `body` argument (`bodyNested`), so nothing is lost
 *   and nothing is ambiguous.
 */
export interface RouteArgumentLayout {
  /** Names of path parameters, filled into `request.params`. */
  readonly pathParams: readonly string[];
  /** Names of query parameters, filled into `request.query`. */
  readonly queryParams: readonly string[];
  /** Whether the route reads a body at all (`@Body()` or `@Body('field')`). */
  readonly hasBody: boolean;
  /** When true the body is the `body` argument; when false the body is every argument that is not a path/query one. */
  readonly bodyNested: boolean;
}

/** The layout of a handler that is not a route (provider-hosted): the whole arguments object is the body. */
export const PROVIDER_ARGUMENT_LAYOUT: RouteArgumentLayout = Object.freeze({
  pathParams: [],
  queryParams: [],
  hasBody: true,
  bodyNested: false,
});

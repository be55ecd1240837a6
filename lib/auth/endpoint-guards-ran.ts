const ENDPOINT_GUARDS_RAN = Symbol('mcp:endpoint-guards-ran');

/**
 * Marks a request whose global guards the HTTP endpoint already ran for the call it carries (with the called
 * handler's class and method), so the handler's own pipeline does not run them a second time. The mark is copied
 * to the request a route tool sees (it copies the endpoint request's own keys).
 */
export function markEndpointGuardsRan(request: unknown): void {
  // A plain assignment (a symbol key: no JSON or Object.keys sees it), cheaper per request than `defineProperty`.
  if (request && typeof request === 'object') (request as Record<symbol, unknown>)[ENDPOINT_GUARDS_RAN] = true;
}

/** Whether the endpoint already ran the global guards for the call this request carries. */
export function endpointGuardsRan(request: unknown): boolean {
  return (request as Record<symbol, unknown> | undefined)?.[ENDPOINT_GUARDS_RAN] === true;
}

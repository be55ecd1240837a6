/**
 * A response written by the route pipeline itself (an exception filter, or a handler using `@Res()`) with an
 * error status. Mapped to a tool result with `isError: true` that carries the status and body.
 */
export class McpHttpResponseError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`The route answered HTTP ${status}.`);
    this.name = 'McpHttpResponseError';
  }
}

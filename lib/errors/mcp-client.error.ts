/**
 * A server-to-client request (`ctx.elicit()`, `ctx.sample()`, `ctx.listRoots()`) failed: the client answered with
 * an error, did not answer in time, does not support it, or the request was abandoned. Thrown inside the handler;
 * if the handler lets it escape, a tool reports it as an `isError` result.
 */
export class McpClientError extends Error {
  constructor(
    /** The method or request id concerned. */
    readonly subject: string,
    message: string,
    /** The JSON-RPC error code the client sent, if it sent one. */
    readonly code?: number,
    /** The error data the client sent, if any. */
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'McpClientError';
  }
}

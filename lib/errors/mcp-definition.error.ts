/**
 * A developer mistake found at bootstrap: a duplicate tool name, an invalid URI template, a schema that cannot be
 * derived. Thrown during module initialization so the application fails to start; never sent to a client.
 */
export class McpDefinitionError extends Error {
  constructor(
    /** Where the mistake is, as `"Class#method"`. */
    readonly location: string,
    message: string,
  ) {
    super(`${message} (at "${location}")`);
    this.name = 'McpDefinitionError';
  }
}

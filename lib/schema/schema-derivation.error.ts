/**
 * A handler's input schema cannot be derived from its parameters, for instance because one is declared with a type
 * that JSON arguments cannot carry (`Promise`, `Map`, a function). Thrown at bootstrap; the caller adds where the
 * handler is (`"Class#method"`). Declaring `inputSchema` on the decorator skips derivation.
 */
export class McpSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'McpSchemaError';
  }
}

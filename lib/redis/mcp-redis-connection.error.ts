/** Startup could not reach Redis. A configuration error: thrown at bootstrap, never sent to a client. */
export class McpRedisConnectionError extends Error {
  constructor(
    /** The Redis address tried (password hidden). */
    readonly target: string,
    cause: unknown,
  ) {
    super(
      `McpRedisModule cannot connect to Redis at "${target}" (${messageOf(cause)}). ` +
        'Check that Redis is running and reachable, and the "url", "options" or "client" given to McpRedisModule.forRoot().',
      { cause },
    );
    this.name = 'McpRedisConnectionError';
  }
}

/** The message of an error from any realm (a socket error is not an `Error` of a Jest VM context). */
function messageOf(cause: unknown): string {
  const message = (cause as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(cause);
}

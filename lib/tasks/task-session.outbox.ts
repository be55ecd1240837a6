/**
 * How a task reaches the client of its stateful session once the request that started it is over: the port the
 * tasks layer talks to, implemented by the transport (on the session's GET stream). Tasks never import the
 * transport; the module binds this token to the transport's implementation.
 */
export abstract class TaskSessionOutbox {
  /** Sends a notification to the session's client; resolves once it is stored for delivery. */
  abstract notify(sessionId: string, message: Record<string, unknown>): Promise<unknown>;

  /**
   * Sends a request (elicitation, sampling, roots) to the session's client and resolves with its result; rejects
   * on an error answer, a timeout, or when `signal` aborts.
   */
  abstract request(
    sessionId: string,
    method: string,
    params: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>>;
}

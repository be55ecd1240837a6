/** A request a handler needs the client to answer: elicitation, sampling or roots. */
export interface McpInputRequest {
  method: string;
  params: Record<string, unknown>;
}

/**
 * How a handler's context talks back to the client while the request runs. Each wire provides one: on the
 * stateful wire, messages travel on the request's SSE stream; on the stateless wire, server-to-client requests
 * end the round with an input-required result and are answered by a retry.
 */
export interface McpRequestChannel {
  /** Sends a notification related to the request (progress, log message). */
  notify(method: string, params: Record<string, unknown>): Promise<void>;
  /**
   * Sends a request to the client and resolves with its result. `key` names the request among the inputs of a
   * multi-round request (stateless wire); it must be the same on every round.
   */
  request(method: string, params: Record<string, unknown>, signal: AbortSignal, key: string): Promise<Record<string, unknown>>;
  /** Ends the request's SSE stream now, before the response; the client resumes it with `Last-Event-ID`. */
  closeStream(): Promise<void>;
  /** The error to throw when a handler needs a client capability the client did not declare. */
  missingCapability(capability: string, call: string): Error;
  /** On the stateless wire: the input-required result that ends this round, if the handler asked for input. */
  inputRequiredResult?(): Record<string, unknown> | undefined;
}

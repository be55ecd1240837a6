/**
 * How a handler's context talks back to the client while the request runs. The transport of each wire provides
 * one: on the stateful wire, messages travel on the request's SSE stream.
 */
export interface McpRequestChannel {
  /** Sends a notification related to the request (progress, log message). */
  notify(method: string, params: Record<string, unknown>): Promise<void>;
  /** Sends a request to the client and resolves with its result. */
  request(method: string, params: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, unknown>>;
  /** Ends the request's SSE stream now, before the response; the client resumes it with `Last-Event-ID`. */
  closeStream(): Promise<void>;
}

/** The topics the server publishes on. Every instance subscribes to each once. */
export const McpBusTopic = {
  /** A message for an SSE stream (`{ streamId, event }` or `{ streamId, end: true }`). */
  STREAM: 'mcp:stream',
  /** A client's JSON-RPC response to a server-to-client request (`{ sessionId, message }`). */
  CLIENT_RESPONSE: 'mcp:client-response',
  /** A client's `notifications/cancelled` (`{ sessionId, requestId, reason? }`). */
  CANCEL: 'mcp:cancel',
  /** A server-wide event for every open standalone stream (list changes, resource updates). */
  BROADCAST: 'mcp:broadcast',
  /** A task changed (`{ taskId, change: 'cancelled' | 'input' | 'status' }`): its runner or waiters re-read it. */
  TASK: 'mcp:task',
} as const;

/** A topic of {@link McpBusTopic}. */
export type McpBusTopicName = (typeof McpBusTopic)[keyof typeof McpBusTopic];

/**
 * Carries messages between the instances of a deployment (and, with the in-process default, within one). An
 * abstract class that doubles as the DI token; the Redis implementation uses pub/sub.
 *
 * Contract:
 * - Every subscriber of a topic, on every instance, receives every message published on it after it subscribed,
 *   in publish order per publisher. Delivery is at most once; nothing is stored.
 * - Messages are JSON-serializable values; subscribers must not mutate them.
 * - `publish` resolves once the message is handed over (not when it is handled).
 */
export abstract class McpMessageBus {
  abstract publish(topic: McpBusTopicName, message: unknown): Promise<void>;
  /** Subscribes; resolves to a function that unsubscribes. */
  abstract subscribe(topic: McpBusTopicName, handler: (message: unknown) => void): Promise<() => Promise<void>>;
}

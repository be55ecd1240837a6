import type { McpClientCapabilities, McpImplementation, McpLoggingLevel } from '../protocol/mcp-types.js';

/**
 * What the server remembers about one stateful (2025-11-25) session. Plain data, so any store can hold it.
 * An immutable value: to change a session, save a changed shallow copy (`{ ...session, initialized: true }`); never
 * modify a record that was read from or given to a store (the in-memory store keeps the very object it is given).
 */
export interface McpSession {
  /** The `Mcp-Session-Id`: random, visible ASCII. */
  readonly id: string;
  /** The negotiated protocol revision. */
  readonly protocolVersion: string;
  /** The client's name and version from `initialize`. */
  readonly clientInfo?: McpImplementation;
  /** The client's capabilities from `initialize`. */
  readonly clientCapabilities: McpClientCapabilities;
  /** Whether the client sent `notifications/initialized`. */
  readonly initialized: boolean;
  /** The threshold set with `logging/setLevel`, if any. */
  readonly logLevel?: McpLoggingLevel;
  /** Resource URIs the session subscribed to. */
  readonly subscriptions: readonly string[];
  /**
   * Who opened the session (a caller key: the user's subject, or a hash of the credential); every later request
   * of the session must come from the same caller. Absent for an anonymous session.
   */
  readonly owner?: string;
  /** Epoch milliseconds of creation. */
  readonly createdAt: number;
}

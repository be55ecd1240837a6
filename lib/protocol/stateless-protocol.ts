/** The stateless revision this server speaks. */
export const STATELESS_PROTOCOL_VERSION = '2026-07-28';

/** Stateless revisions this server supports, newest first (advertised by `server/discover`). */
export const STATELESS_PROTOCOL_VERSIONS: readonly string[] = [STATELESS_PROTOCOL_VERSION];

/** Keys of the per-request `_meta` on the stateless wire. */
export const MetaKey = {
  PROTOCOL_VERSION: 'io.modelcontextprotocol/protocolVersion',
  CLIENT_CAPABILITIES: 'io.modelcontextprotocol/clientCapabilities',
  CLIENT_INFO: 'io.modelcontextprotocol/clientInfo',
  LOG_LEVEL: 'io.modelcontextprotocol/logLevel',
  SERVER_INFO: 'io.modelcontextprotocol/serverInfo',
  SUBSCRIPTION_ID: 'io.modelcontextprotocol/subscriptionId',
  RELATED_TASK: 'io.modelcontextprotocol/related-task',
} as const;

/** Methods of the stateful revisions that the stateless wire removed (they answer HTTP 404, -32601). */
export const REMOVED_STATELESS_METHODS: ReadonlySet<string> = new Set([
  'initialize',
  'ping',
  'logging/setLevel',
  'resources/subscribe',
  'resources/unsubscribe',
  'notifications/initialized',
]);

/** Which param a method's `Mcp-Name` header mirrors, on the stateless wire. */
export const MCP_NAME_PARAM: Readonly<Record<string, string>> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

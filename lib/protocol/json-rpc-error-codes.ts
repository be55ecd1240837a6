/** JSON-RPC 2.0 and MCP error codes this server sends. */
export const JsonRpcErrorCode = {
  /** The body is not valid JSON. */
  PARSE_ERROR: -32700,
  /** The JSON is not a valid JSON-RPC message. */
  INVALID_REQUEST: -32600,
  /** The method does not exist (or is not available on this wire). */
  METHOD_NOT_FOUND: -32601,
  /** The params are invalid: an unknown tool, a missing argument, an unknown resource. */
  INVALID_PARAMS: -32602,
  /** The server failed while handling a valid request. */
  INTERNAL_ERROR: -32603,
  /** A transport-level refusal (missing session, forbidden origin, limits). */
  SERVER_ERROR: -32000,
  /** The session does not exist or has ended. */
  SESSION_NOT_FOUND: -32001,
  /** The request came before the session finished initializing. */
  NOT_INITIALIZED: -32002,
  /** 2026-07-28: a routing or version header disagrees with the body, or is missing. */
  HEADER_MISMATCH: -32020,
  /** 2026-07-28: the request needs a client capability the request did not declare. */
  MISSING_CLIENT_CAPABILITY: -32021,
  /** 2026-07-28: the protocol version is not supported. */
  UNSUPPORTED_PROTOCOL_VERSION: -32022,
} as const;

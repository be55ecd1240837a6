import type { McpElicitationResult, McpSamplingResult } from '../context/elicitation.types.js';
import type {
  McpCallToolResult,
  McpGetPromptResult,
  McpImplementation,
  McpLoggingLevel,
  McpReadResourceResult,
} from '../protocol/mcp-types.js';

/** The MCP revision a test client speaks: the stateful 2025-11-25 wire or the stateless 2026-07-28 wire. */
export type McpTestWire = '2025-11-25' | '2026-07-28';

/** How {@link McpTestClient.connect} reaches and introduces itself to the app. */
export interface McpTestClientOptions {
  /**
   * The revision to speak. `'2025-11-25'` uses `@modelcontextprotocol/sdk` 1.x, `'2026-07-28'` uses
   * `@modelcontextprotocol/client` 2.x; install the one you use.
   * @default '2025-11-25'
   */
  wire?: McpTestWire;
  /**
   * The endpoint's path, global prefix included.
   * @default 'mcp'
   * @example 'api/mcp'
   */
  path?: string;
  /**
   * Headers sent with every request (authorization, tenant).
   * @example { authorization: 'Bearer test-token' }
   */
  headers?: Record<string, string>;
  /**
   * The client's `clientInfo`.
   * @default { name: 'nestjs-mcp-test-client', version: '1.0.0' }
   */
  clientInfo?: McpImplementation;
  /**
   * Answers `elicitation/create` requests; declares the `elicitation` capability when given.
   * @example (request) => ({ action: 'accept', content: { name: 'Ada' } })
   */
  onElicitation?: (request: McpElicitationRequest) => McpElicitationResult | Promise<McpElicitationResult>;
  /**
   * Answers `sampling/createMessage` requests; declares the `sampling` capability when given.
   * @example () => ({ role: 'assistant', content: { type: 'text', text: 'Summary' }, model: 'test-model' })
   */
  onSampling?: (request: Record<string, unknown>) => McpSamplingResult | Promise<McpSamplingResult>;
  /**
   * How long one request may take before it fails.
   * @default 10000
   */
  timeoutMs?: number;
}

/** An `elicitation/create` request as the handler receives it. */
export interface McpElicitationRequest {
  readonly message: string;
  readonly requestedSchema?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** Options of one call. */
export interface McpCallOptions {
  /**
   * Headers added to this call's HTTP requests only, over the client's own (for per-call auth).
   * @example { 'x-api-key': 'other-user' }
   */
  headers?: Record<string, string>;
  /** How long this call may take. @default the client's `timeoutMs` */
  timeoutMs?: number;
}

/** One `notifications/progress` a call received. */
export interface McpProgressUpdate {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

/** One `notifications/message` (log) the client received. */
export interface McpLogEntry {
  readonly level: McpLoggingLevel;
  readonly logger?: string;
  readonly data: unknown;
}

/** A tool call's result, unwrapped. */
export interface McpToolOutcome<T = unknown> {
  /** `structuredContent` when the tool returned an object, else the text of its content. */
  readonly value: T;
  /** The text blocks of the content, joined by newlines. */
  readonly text: string;
  /** Whether the tool failed (`isError: true`): a guard refused, a pipe rejected, the handler threw. */
  readonly isError: boolean;
  /** The progress notifications of this call, in order. */
  readonly progress: readonly McpProgressUpdate[];
  /** The result exactly as the server sent it. */
  readonly raw: McpCallToolResult;
}

/** A resource read, unwrapped. */
export interface McpResourceOutcome {
  /** The first content's text (or base64 blob). */
  readonly text: string;
  /** The first content's MIME type. */
  readonly mimeType?: string;
  /** The result exactly as the server sent it. */
  readonly raw: McpReadResourceResult;
}

/** A prompt, unwrapped. */
export interface McpPromptOutcome {
  /** The text of every text message, in order. */
  readonly texts: readonly string[];
  /** The result exactly as the server sent it. */
  readonly raw: McpGetPromptResult;
}

/**
 * The parts of the MCP data model this server produces and consumes. Field names follow the specification;
 * the types are kept open (`[key: string]: unknown`) where the specification allows extension.
 */

/** Name and version of a client or server implementation. */
export interface McpImplementation {
  name: string;
  version: string;
  title?: string;
  [key: string]: unknown;
}

/** What a client declares it can do (sampling, elicitation, roots, …). */
export interface McpClientCapabilities {
  sampling?: Record<string, unknown>;
  elicitation?: Record<string, unknown>;
  roots?: { listChanged?: boolean };
  experimental?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What this server declares it can do. */
export interface McpServerCapabilities {
  tools?: { listChanged?: boolean };
  resources?: { subscribe?: boolean; listChanged?: boolean };
  prompts?: { listChanged?: boolean };
  logging?: Record<string, never>;
  completions?: Record<string, never>;
  [key: string]: unknown;
}

/** Optional annotations on content blocks. */
export interface McpContentAnnotations {
  audience?: ('user' | 'assistant')[];
  priority?: number;
  lastModified?: string;
}

export interface McpTextContent {
  type: 'text';
  text: string;
  annotations?: McpContentAnnotations;
  _meta?: Record<string, unknown>;
}

export interface McpImageContent {
  type: 'image';
  data: string;
  mimeType: string;
  annotations?: McpContentAnnotations;
  _meta?: Record<string, unknown>;
}

export interface McpAudioContent {
  type: 'audio';
  data: string;
  mimeType: string;
  annotations?: McpContentAnnotations;
  _meta?: Record<string, unknown>;
}

/** The contents of one resource: text or base64 bytes. */
export type McpResourceContents =
  | { uri: string; mimeType?: string; text: string; _meta?: Record<string, unknown> }
  | { uri: string; mimeType?: string; blob: string; _meta?: Record<string, unknown> };

export interface McpEmbeddedResource {
  type: 'resource';
  resource: McpResourceContents;
  annotations?: McpContentAnnotations;
  _meta?: Record<string, unknown>;
}

export interface McpResourceLink {
  type: 'resource_link';
  uri: string;
  name: string;
  mimeType?: string;
  description?: string;
  title?: string;
  annotations?: McpContentAnnotations;
}

/** Any content block a tool result or prompt message can carry. */
export type McpContentBlock =
  | McpTextContent
  | McpImageContent
  | McpAudioContent
  | McpEmbeddedResource
  | McpResourceLink;

/** The result of `tools/call`. */
export interface McpCallToolResult {
  content: McpContentBlock[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The result of `resources/read`. */
export interface McpReadResourceResult {
  contents: McpResourceContents[];
  _meta?: Record<string, unknown>;
  [key: string]: unknown;
}

/** One message of a prompt. */
export interface McpPromptMessage {
  role: 'user' | 'assistant';
  content: McpContentBlock;
}

/** The result of `prompts/get`. */
export interface McpGetPromptResult {
  description?: string;
  messages: McpPromptMessage[];
  _meta?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Severity levels of `notifications/message`, in increasing order. */
export const MCP_LOGGING_LEVELS = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
] as const;

/** A severity level of `notifications/message`. */
export type McpLoggingLevel = (typeof MCP_LOGGING_LEVELS)[number];

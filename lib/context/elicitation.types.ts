/** One field of an elicitation form: MCP allows only flat, primitive fields. */
export type McpElicitationField =
  | { type: 'string'; title?: string; description?: string; minLength?: number; maxLength?: number; format?: 'email' | 'uri' | 'date' | 'date-time'; default?: string }
  | { type: 'string'; title?: string; description?: string; enum: string[]; enumNames?: string[]; default?: string }
  | { type: 'string'; title?: string; description?: string; oneOf: { const: string; title: string }[]; default?: string }
  | { type: 'number' | 'integer'; title?: string; description?: string; minimum?: number; maximum?: number; default?: number }
  | { type: 'boolean'; title?: string; description?: string; default?: boolean }
  | {
      type: 'array';
      title?: string;
      description?: string;
      minItems?: number;
      maxItems?: number;
      items: { type: 'string'; enum: string[] } | { anyOf: { const: string; title: string }[] };
      default?: string[];
    };

/** The form an elicitation asks the user to fill in. */
export interface McpElicitationSchema {
  type: 'object';
  properties: Record<string, McpElicitationField>;
  required?: string[];
}

/** The user's answer to an elicitation. */
export interface McpElicitationResult<T = Record<string, string | number | boolean | string[]>> {
  /** `accept` with `content`, or `decline`/`cancel` without. */
  action: 'accept' | 'decline' | 'cancel';
  content?: T;
  [key: string]: unknown;
}

/** Parameters of `sampling/createMessage`. */
export interface McpSamplingRequest {
  messages: { role: 'user' | 'assistant'; content: Record<string, unknown> }[];
  maxTokens: number;
  systemPrompt?: string;
  temperature?: number;
  stopSequences?: string[];
  modelPreferences?: Record<string, unknown>;
  includeContext?: 'none' | 'thisServer' | 'allServers';
  metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The client model's answer to `sampling/createMessage`. */
export interface McpSamplingResult {
  role: 'user' | 'assistant';
  content: Record<string, unknown>;
  model: string;
  stopReason?: string;
  [key: string]: unknown;
}

/** A root the client exposes (a directory or other URI). */
export interface McpRoot {
  uri: string;
  name?: string;
  [key: string]: unknown;
}

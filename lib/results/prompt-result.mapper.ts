import type { McpContentBlock, McpGetPromptResult, McpPromptMessage } from '../protocol/mcp-types.js';

function isMessage(value: unknown): value is McpPromptMessage {
  return (
    !!value &&
    typeof value === 'object' &&
    ((value as McpPromptMessage).role === 'user' || (value as McpPromptMessage).role === 'assistant') &&
    !!(value as McpPromptMessage).content
  );
}

function toMessage(value: unknown): McpPromptMessage {
  if (isMessage(value)) {
    const content = typeof value.content === 'string' ? ({ type: 'text', text: value.content } as McpContentBlock) : value.content;
    return { role: value.role, content };
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return { role: 'user', content: { type: 'text', text } };
}

/**
 * Maps what a prompt handler returned to a `prompts/get` result: a `{ messages }` result passes through (with
 * `description` filled in when missing); a message or an array of messages (or strings) becomes the messages; a
 * string becomes one user message.
 */
export function toGetPromptResult(value: unknown, description: string): McpGetPromptResult {
  if (value && typeof value === 'object' && Array.isArray((value as { messages?: unknown }).messages)) {
    const result = value as McpGetPromptResult;
    return { ...result, description: result.description ?? description, messages: result.messages.map(toMessage) };
  }
  const items = Array.isArray(value) ? value : [value];
  return { description, messages: items.map(toMessage) };
}

import type { McpHttpAnswer } from '../transport/mcp-http.types.js';

/** Statuses that say "not now": the client may try again, and is told when. */
const RETRYABLE_STATUSES = new Set([413, 429, 503]);

/**
 * Adds `Retry-After` (in seconds) to a 413, 429 or 503 answer that does not carry one, so every refusal of the
 * endpoint tells a client when to come back instead of leaving it to retry at once.
 */
export function withRetryAfter(answer: McpHttpAnswer, seconds: number): McpHttpAnswer {
  if (answer.kind !== 'reply' || !RETRYABLE_STATUSES.has(answer.status)) return answer;
  if (Object.keys(answer.headers).some((name) => name.toLowerCase() === 'retry-after')) return answer;
  return { ...answer, headers: { ...answer.headers, 'retry-after': String(seconds) } };
}

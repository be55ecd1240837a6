import type { McpRequestScope } from './mcp-request-scope.js';

/**
 * Runs a handler and, on the stateless wire, turns "the handler asked the client for input it has not answered
 * yet" into the round's input-required result, whatever the handler (or an exception filter) did with the
 * unwinding signal meanwhile.
 */
export async function settleInputRequired<T>(
  scope: McpRequestScope,
  run: () => Promise<T>,
): Promise<T | Record<string, unknown>> {
  try {
    const result = await run();
    return scope.channel?.inputRequiredResult?.() ?? result;
  } catch (error) {
    const inputRequired = scope.channel?.inputRequiredResult?.();
    if (inputRequired) return inputRequired;
    throw error;
  }
}

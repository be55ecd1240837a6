import { JsonObjectFragment, type McpResultValue } from '../protocol/json-object-fragment.js';
import type { ResolvedMcpOptions } from '../mcp-options.resolver.js';

const LIST_METHODS = new Set(['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list']);

/** The stamp of a result that is neither a list, a read nor discovery. */
const COMPLETE: Readonly<Record<string, unknown>> = Object.freeze({ resultType: 'complete' });

/**
 * Completes a stateless result: every result says its `resultType` (`complete` unless the handler said
 * otherwise), and lists, reads and discovery carry the cache hints `ttlMs` and `cacheScope` (a handler's own
 * values win). A serialized list page gets the members it lacks spliced in front, without being parsed.
 */
export function stampStatelessResult(method: string, result: McpResultValue, caching: ResolvedMcpOptions['caching']): McpResultValue {
  if (result instanceof JsonObjectFragment) {
    return result.withMembers(
      LIST_METHODS.has(method) ? { resultType: 'complete', ttlMs: caching.listTtlMs, cacheScope: caching.listScope } : COMPLETE,
    );
  }
  const stamped: Record<string, unknown> = { resultType: 'complete', ...result };
  if (stamped.resultType !== 'complete') return stamped;
  if (LIST_METHODS.has(method)) {
    stamped.ttlMs ??= caching.listTtlMs;
    stamped.cacheScope ??= caching.listScope;
  } else if (method === 'resources/read') {
    stamped.ttlMs ??= caching.readTtlMs;
    stamped.cacheScope ??= caching.readScope;
  } else if (method === 'server/discover') {
    stamped.ttlMs ??= 0;
    stamped.cacheScope ??= 'private';
  }
  return stamped;
}

import type { ResolvedMcpOptions } from '../mcp-options.resolver.js';

const LIST_METHODS = new Set(['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list']);

/**
 * Completes a stateless result: every result says its `resultType` (`complete` unless the handler said
 * otherwise), and lists, reads and discovery carry the cache hints `ttlMs` and `cacheScope` (a handler's own
 * values win).
 */
export function stampStatelessResult(
  method: string,
  result: Record<string, unknown>,
  caching: ResolvedMcpOptions['caching'],
): Record<string, unknown> {
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

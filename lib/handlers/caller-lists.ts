import { enforcesScopes } from '../auth/caller-key.js';
import { userOf } from '../auth/request-user.js';
import { missingScopes, principalOf } from '../auth/mcp-principal.js';
import type { McpGuardCheck } from '../execution/mcp-handler.types.js';
import type { McpRequestScope } from '../context/mcp-request-scope.js';
import type { ResolvedMcpOptions } from '../mcp-options.resolver.js';
import type { JsonObjectFragment } from '../protocol/json-object-fragment.js';
import type { ListPageCache } from './list-page.cache.js';

/** What decides whether a definition is listed for a caller. */
export interface CallerListed {
  readonly scopes?: readonly string[];
  readonly guardCheck?: McpGuardCheck;
  readonly alwaysListed?: boolean;
}

/** One caller's view of a list, and whether it depends on the caller at all. */
export interface CallerView<T> {
  readonly items: readonly T[];
  /** Some definition's visibility depends on the caller: the list must not be shared between callers. */
  readonly personal: boolean;
}

function dependsOnCaller(definition: CallerListed): boolean {
  return definition.alwaysListed !== true && ((definition.scopes?.length ?? 0) > 0 || definition.guardCheck !== undefined);
}

/** Whether any of a list depends on the caller, per list (handlers keep one list per registry revision). */
const DEPENDS_ON_CALLER = new WeakMap<readonly CallerListed[], boolean>();

function anyDependsOnCaller(definitions: readonly CallerListed[]): boolean {
  let depends = DEPENDS_ON_CALLER.get(definitions);
  if (depends === undefined) {
    depends = definitions.some(dependsOnCaller);
    DEPENDS_ON_CALLER.set(definitions, depends);
  }
  return depends;
}

/**
 * The definitions a caller may see: those it has the scopes for (on transports that enforce scopes: the HTTP
 * endpoint, stdio) and whose own guards let its list request through (no arguments). A pure function of the
 * definitions and the caller (its request, `request.user`), so a list cache can key a page on the caller's view;
 * `personal` says when it cannot be shared.
 */
export async function visibleToCaller<T extends CallerListed>(
  definitions: readonly T[],
  scope: Pick<McpRequestScope, 'httpRequest'>,
  enabled: boolean,
): Promise<CallerView<T>> {
  if (!enabled || !anyDependsOnCaller(definitions)) return { items: definitions, personal: false };
  const principal = principalOf(userOf(scope.httpRequest));
  const checksScopes = enforcesScopes(scope.httpRequest);
  const allowed = await Promise.all(
    definitions.map(async (definition) => {
      if (!dependsOnCaller(definition)) return true;
      if (checksScopes && missingScopes(principal, definition.scopes).length > 0) return false;
      return definition.guardCheck ? definition.guardCheck(scope.httpRequest) : true;
    }),
  );
  return { items: definitions.filter((_, index) => allowed[index]), personal: true };
}

/**
 * A list page that depends on its caller: on the wire that carries cache hints it says so (`cacheScope: "private"`),
 * so no shared cache serves it to another caller.
 */
export function personalList(
  result: Record<string, unknown>,
  scope: Pick<McpRequestScope, 'codec'>,
  caching: Pick<ResolvedMcpOptions['caching'], 'listTtlMs'>,
): Record<string, unknown> {
  return scope.codec.withCacheHints(result, { ttlMs: caching.listTtlMs, scope: 'private' });
}

/**
 * A page of a list as `scope`'s caller may see it: the shared, cached page when nothing in the list depends on the
 * caller, else the page of the caller's own view, built for it and marked private (see {@link personalList}).
 */
export async function callerListPage<T extends CallerListed>(
  pages: ListPageCache<T>,
  revision: number,
  definitions: readonly T[],
  cursor: unknown,
  scope: Pick<McpRequestScope, 'httpRequest' | 'codec'>,
  options: Pick<ResolvedMcpOptions, 'perCallerLists' | 'caching'>,
): Promise<JsonObjectFragment | Record<string, unknown>> {
  const view = await visibleToCaller(definitions, scope, options.perCallerLists);
  const key = { wire: scope.codec.wire, cursor };
  if (!view.personal) return pages.page(revision, key, () => definitions);
  return personalList(pages.build(view.items, key), scope, options.caching);
}

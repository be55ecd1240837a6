import { callerKeyOf } from '../auth/caller-key.js';
import { userOf } from '../auth/request-user.js';
import type { IncomingMessage } from 'node:http';
import type { McpRequestScope } from '../context/mcp-request-scope.js';
import type { ResolvedMcpOptions } from '../mcp-options.resolver.js';

/**
 * Reads a stable identity out of whatever auth middleware or guard put on the request ({@link userOf}).
 */
function userIdentity(request: IncomingMessage): string | undefined {
  const user = userOf(request);
  if (user === undefined || user === null) return undefined;
  if (typeof user !== 'object') return String(user);
  const record = user as Record<string, unknown>;
  // `subject` first: a principal from `auth.verify` or the stdio `principal` keeps its owner whatever its scopes.
  const id = record.subject ?? record.id ?? record.sub ?? record.userId ?? record.username ?? record.email;
  return id !== undefined && id !== null ? String(id) : JSON.stringify(user);
}

/**
 * The owner of a caller nobody can tell apart from another (no user, no session, no credential, no connection):
 * each task it creates is owned by the task alone ({@link anonymousTaskOwner}), so it is reachable only by its
 * unguessable id and listed for nobody.
 */
export const ANONYMOUS_TASK_OWNER = 'anonymous';

/** The owner of an anonymous caller's task: the task itself. */
export function anonymousTaskOwner(taskId: string): string {
  return `anonymous:${taskId}`;
}

/**
 * Who owns the tasks a request creates or reads: the app's `tasks.owner` function when it answers, else the
 * authenticated user, else the session (stateful wire), else a hash of the credential the request carries, else
 * the stdio connection, else {@link ANONYMOUS_TASK_OWNER}.
 */
export function resolveTaskOwner(scope: McpRequestScope, options: ResolvedMcpOptions['tasks']): string {
  const custom = options.owner?.(scope.httpRequest);
  if (custom) return `app:${custom}`;
  const user = userIdentity(scope.httpRequest);
  if (user) return `user:${user}`;
  if (scope.session) return `session:${scope.session.id}`;
  const caller = callerKeyOf(scope.httpRequest, scope.httpRequest?.headers ?? {});
  if (caller) return `caller:${caller}`;
  return ANONYMOUS_TASK_OWNER;
}

import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { principalOf } from './mcp-principal.js';
import { userOf } from './request-user.js';

/** Request headers that carry a credential, hashed into the caller key when no guard established a user. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key'] as const;

/**
 * A stable key of who is calling, for binding sessions, `requestState` and tasks to their caller: the
 * principal's subject when a guard (or `auth.verify`) established one, else a hash of the credential the
 * request carries (`Authorization`, `X-Api-Key`), else the connection's key (stdio), else `undefined` for an
 * anonymous caller. A hash, so the credential itself is never stored.
 */
export function callerKeyOf(request: unknown, headers: IncomingHttpHeaders): string | undefined {
  const principal = principalOf(userOf(request));
  if (principal?.subject) return `sub:${principal.subject}`;
  const credential = headers[CREDENTIAL_HEADERS[0]] ?? headers[CREDENTIAL_HEADERS[1]];
  if (credential !== undefined) {
    return `cred:${createHash('sha256').update(Array.isArray(credential) ? credential.join('\n') : credential).digest('base64url')}`;
  }
  if (principal) return `user:${createHash('sha256').update(JSON.stringify(principal.claims ?? {})).digest('base64url')}`;
  const connection = connectionCallerOf(request);
  return connection === undefined ? undefined : `conn:${connection}`;
}

const SCOPES_ENFORCED = Symbol('mcp:scopes-enforced');
const CONNECTION_CALLER = Symbol('mcp:connection-caller');

/**
 * Marks a request whose transport enforces `scopes` (the HTTP endpoint; stdio): lists hide what its principal
 * lacks the scopes for.
 */
export function markScopesEnforced(request: unknown): void {
  // A plain assignment (a symbol key, so no JSON or Object.keys sees it): `Object.defineProperty` per request costs
  // several times more.
  if (request && typeof request === 'object') (request as Record<symbol, unknown>)[SCOPES_ENFORCED] = true;
}

/** Whether the transport a request arrived on enforces `scopes` (see {@link markScopesEnforced}). */
export function enforcesScopes(request: unknown): boolean {
  return (request as Record<symbol, unknown> | undefined)?.[SCOPES_ENFORCED] === true;
}

/**
 * Marks a request with the key of the connection it arrived on, for transports where a connection is one client
 * (stdio: the process is the client). {@link callerKeyOf} falls back to it when the request has no principal and
 * no credential.
 */
export function markConnectionCaller(request: unknown, connectionKey: string): void {
  if (request && typeof request === 'object') Object.defineProperty(request, CONNECTION_CALLER, { value: connectionKey, configurable: true });
}

function connectionCallerOf(request: unknown): string | undefined {
  const key = (request as Record<symbol, unknown> | undefined)?.[CONNECTION_CALLER];
  return typeof key === 'string' ? key : undefined;
}

/**
 * Who is calling: the identity the app's guards or the `auth.verify` hook established for a request. Guards may
 * set any `request.user` shape; {@link principalOf} reads the usual ones.
 */
export interface McpPrincipal {
  /** A stable identifier of the caller (a JWT `sub`, a user id). */
  readonly subject: string;
  /** The scopes the caller's credential grants. */
  readonly scopes: readonly string[];
  /** Anything else the app wants tools to see (token claims, roles). */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/**
 * Reads a principal from whatever a guard stored in `request.user`: `subject`, `sub`, `id` or `userId` for the
 * subject; `scopes` (array), `scope` (space-separated string, as in OAuth tokens) or `scp` for the scopes.
 * Returns `undefined` when there is no user.
 */
export function principalOf(user: unknown): McpPrincipal | undefined {
  if (user === undefined || user === null || user === false) return undefined;
  if (typeof user !== 'object') return { subject: String(user), scopes: [] };
  const record = user as Record<string, unknown>;
  if (typeof record.subject === 'string' && Array.isArray(record.scopes)) return record as unknown as McpPrincipal;
  const subject = [record.subject, record.sub, record.id, record.userId].find(
    (value) => typeof value === 'string' || typeof value === 'number',
  );
  return {
    subject: subject === undefined ? '' : String(subject),
    scopes: scopesOf(record.scopes ?? record.scope ?? record.scp),
    claims: record,
  };
}

function scopesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((scope): scope is string => typeof scope === 'string');
  if (typeof value === 'string') return value.split(/\s+/).filter((scope) => scope !== '');
  return [];
}

/** The scopes of `required` that `principal` lacks (all of them when there is no principal). */
export function missingScopes(principal: McpPrincipal | undefined, required: readonly string[] | undefined): string[] {
  if (!required || required.length === 0) return [];
  const granted = new Set(principal?.scopes ?? []);
  return required.filter((scope) => !granted.has(scope));
}

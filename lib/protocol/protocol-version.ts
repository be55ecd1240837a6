/** The newest stateful revision this server speaks. */
export const LATEST_STATEFUL_PROTOCOL_VERSION = '2025-11-25';

/** Stateful (session-based) revisions this server negotiates, newest first. */
export const STATEFUL_PROTOCOL_VERSIONS: readonly string[] = ['2025-11-25', '2025-06-18', '2025-03-26'];

/** Whether a revision is one of the stateful ones this server can negotiate. */
export function isSupportedStatefulVersion(version: string): boolean {
  return STATEFUL_PROTOCOL_VERSIONS.includes(version);
}

/**
 * Picks the revision for an `initialize` request: the client's when this server speaks it, else the server's
 * latest (the client then decides whether it can continue).
 */
export function negotiateStatefulVersion(requested: unknown): string {
  return typeof requested === 'string' && isSupportedStatefulVersion(requested)
    ? requested
    : LATEST_STATEFUL_PROTOCOL_VERSION;
}

/**
 * The user a guard, a middleware or the `auth.verify` hook left on a request, wherever the platform keeps it:
 * `request.user`, else `request.raw.user`. On Fastify, guards see Fastify's request while Nest middleware
 * (`consumer.apply(...)`) sees the Node request under it (`request.raw`); on Express both are the same object.
 * Every reader of the caller (the 401 check, scopes, per-caller lists, caller keys, task owners, `ctx.user`) goes
 * through this one function, so a user counts the same everywhere.
 */
export function userOf(request: unknown): unknown {
  const holder = request as { user?: unknown; raw?: { user?: unknown } } | undefined;
  return holder?.user ?? holder?.raw?.user ?? undefined;
}

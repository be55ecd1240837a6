import { McpProtocolError } from '../errors/mcp-protocol.error.js';

/**
 * Refuses with -32602 a resource URI longer than `session.maxSubscriptionUriLength`, for anything that keeps
 * subscribed URIs while it lasts (a session's `resources/subscribe`, a `subscriptions/listen` stream's filter).
 * `what` names the URI as the request gave it.
 */
export function assertSubscriptionUriLength(uri: string, maxLength: number, what = 'The resource "uri"'): void {
  if (uri.length > maxLength) {
    throw McpProtocolError.invalidParams(`${what} is ${uri.length} characters long; this server accepts at most ${maxLength}.`);
  }
}

/** What the DNS-rebinding check needs from the options. */
export interface DnsRebindingPolicy {
  readonly allowedOrigins: readonly string[];
  readonly allowedHosts?: readonly string[];
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether a socket address is a loopback one (127.0.0.0/8, ::1, or IPv4-mapped 127.x). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** The hostname of a Host header value (`example.com:8080` → `example.com`, `[::1]:3000` → `[::1]`). */
export function hostnameOf(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(0, end + 1);
  }
  const colon = host.indexOf(':');
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}

function isLoopbackHost(host: string): boolean {
  const hostname = hostnameOf(host);
  return LOOPBACK_HOSTNAMES.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Protects against DNS rebinding: returns why a request must be refused (HTTP 403), or `undefined`.
 *
 * - A present `Origin` must be same-origin (its host equals the `Host` header) or listed in `allowedOrigins`.
 * - With `allowedHosts`, the `Host` must be one of them (`host:port` exactly, or the bare hostname).
 * - Without it, a request that arrived on a loopback interface must carry a loopback `Host`.
 */
export function checkDnsRebinding(
  policy: DnsRebindingPolicy,
  headers: { host?: string; origin?: string },
  localAddress: string | undefined,
): string | undefined {
  const host = (headers.host ?? '').trim().toLowerCase();
  if (policy.allowedHosts) {
    const allowed = policy.allowedHosts.some((entry) => {
      const candidate = entry.toLowerCase();
      return candidate === host || candidate === hostnameOf(host);
    });
    if (!allowed) {
      return `Host "${headers.host ?? ''}" is not allowed. Add it to the McpModule "allowedHosts" option.`;
    }
  } else if (isLoopbackAddress(localAddress) && !isLoopbackHost(host)) {
    return `Host "${headers.host ?? ''}" is not allowed on a loopback server. Use localhost, or set the McpModule "allowedHosts" option when serving under a real hostname.`;
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== '' && origin !== 'null') {
    const sameOrigin = originHost(origin) === host;
    const listed = policy.allowedOrigins.includes('*') || policy.allowedOrigins.includes(origin);
    if (!sameOrigin && !listed) {
      return `Origin "${origin}" is not allowed. Add it to the McpModule "allowedOrigins" option.`;
    }
  } else if (origin === 'null' && !policy.allowedOrigins.includes('*')) {
    return 'Origin "null" is not allowed.';
  }
  return undefined;
}

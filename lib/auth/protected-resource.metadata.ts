import type { IncomingHttpHeaders } from 'node:http';
import type { McpAuthOptions } from './mcp-auth-options.interface.js';

/** The well-known path of OAuth protected resource metadata (RFC 9728). */
export const PROTECTED_RESOURCE_WELL_KNOWN = '/.well-known/oauth-protected-resource';

/** The request facts the metadata and challenge URLs are derived from. */
export interface ResourceRequest {
  readonly headers: IncomingHttpHeaders;
  /** Whether the connection is TLS. */
  readonly secure: boolean;
}

/** The origin the request was sent to (`http(s)://host[:port]`), from its `Host` header. */
export function requestOrigin(request: ResourceRequest): string {
  const host = request.headers.host ?? 'localhost';
  return `${request.secure ? 'https' : 'http'}://${host}`;
}

/** The path part of a request URL, without query and trailing slashes (`/` at least). */
export function pathOfUrl(url: string): string {
  return url.split('?', 1)[0]!.replace(/\/+$/, '') || '/';
}

/** The endpoint's resource URL: the `resource` option, else the origin and path the request used. */
export function resourceUrl(auth: McpAuthOptions, request: ResourceRequest, endpointPath: string): string {
  return auth.resource ?? `${requestOrigin(request)}${endpointPath}`;
}

/** The URL of the path-suffixed metadata document of a resource (RFC 9728 §3.1). */
export function metadataUrlOf(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  return `${url.origin}${PROTECTED_RESOURCE_WELL_KNOWN}${path}`;
}

/** The protected resource metadata document (RFC 9728 §2). */
export function protectedResourceMetadata(auth: McpAuthOptions, resource: string): Record<string, unknown> {
  return {
    resource,
    authorization_servers: auth.authorizationServers,
    ...(auth.scopesSupported ? { scopes_supported: auth.scopesSupported } : {}),
    bearer_methods_supported: ['header'],
    ...(auth.resourceName ? { resource_name: auth.resourceName } : {}),
    ...(auth.resourceDocumentation ? { resource_documentation: auth.resourceDocumentation } : {}),
  };
}

/**
 * The resource a metadata request is for, or `undefined` when the path is not one of the endpoint's metadata
 * documents. The root document is the endpoint's; a suffixed one must end with the endpoint's `path` (whatever
 * global prefix comes before it), compared as the platforms route: case-insensitively, trailing slash ignored.
 */
export function metadataResourceFor(
  auth: McpAuthOptions,
  request: ResourceRequest,
  requestPath: string,
  endpointPath: string,
): string | undefined {
  const path = pathOfUrl(requestPath);
  const endpoint = `/${endpointPath}`.toLowerCase();
  if (path === PROTECTED_RESOURCE_WELL_KNOWN) return resourceUrl(auth, request, endpoint);
  if (!path.startsWith(`${PROTECTED_RESOURCE_WELL_KNOWN}/`)) return undefined;
  const suffix = path.slice(PROTECTED_RESOURCE_WELL_KNOWN.length);
  if (!suffix.toLowerCase().endsWith(endpoint)) return undefined;
  return resourceUrl(auth, request, suffix);
}

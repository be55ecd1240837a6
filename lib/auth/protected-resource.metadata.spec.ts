import { metadataResourceFor, metadataUrlOf, protectedResourceMetadata } from './protected-resource.metadata.js';
import { callerKeyOf, enforcesScopes, markConnectionCaller, markScopesEnforced } from './caller-key.js';
import { missingScopes, principalOf } from './mcp-principal.js';

const auth = { authorizationServers: ['https://auth.example.com'] };
const request = { headers: { host: 'api.example.com' }, secure: true };

describe('protected resource metadata', () => {
  it('derives the resource from the path the request used, the global prefix included', () => {
    expect(metadataResourceFor(auth, request, '/.well-known/oauth-protected-resource/api/mcp', 'mcp')).toBe('https://api.example.com/api/mcp');
    expect(metadataResourceFor(auth, request, '/.well-known/oauth-protected-resource/API/MCP/?x=1', 'mcp')).toBe('https://api.example.com/API/MCP');
    expect(metadataResourceFor(auth, request, '/.well-known/oauth-protected-resource', 'mcp')).toBe('https://api.example.com/mcp');
    expect(metadataResourceFor(auth, request, '/.well-known/oauth-protected-resource/other', 'mcp')).toBeUndefined();
    expect(metadataResourceFor(auth, request, '/.well-known/oauth-protected-resourcex/mcp', 'mcp')).toBeUndefined();
    expect(metadataResourceFor({ ...auth, resource: 'https://mcp.example.com/v1/mcp' }, request, '/.well-known/oauth-protected-resource/mcp', 'mcp')).toBe(
      'https://mcp.example.com/v1/mcp',
    );
  });

  it('puts the well-known segment between the origin and the resource path (RFC 9728 §3.1)', () => {
    expect(metadataUrlOf('https://api.example.com/api/mcp')).toBe('https://api.example.com/.well-known/oauth-protected-resource/api/mcp');
    expect(metadataUrlOf('https://api.example.com/')).toBe('https://api.example.com/.well-known/oauth-protected-resource');
  });

  it('publishes only the fields that are set', () => {
    expect(protectedResourceMetadata(auth, 'https://api.example.com/mcp')).toEqual({
      resource: 'https://api.example.com/mcp',
      authorization_servers: ['https://auth.example.com'],
      bearer_methods_supported: ['header'],
    });
  });
});

describe('principals and caller keys', () => {
  it('reads the usual user shapes', () => {
    expect(principalOf({ sub: 'a', scope: 'x  y' })).toMatchObject({ subject: 'a', scopes: ['x', 'y'] });
    expect(principalOf({ id: 7, scopes: ['x', 3] })).toMatchObject({ subject: '7', scopes: ['x'] });
    expect(principalOf({ userId: 'u', scp: ['z'] })).toMatchObject({ subject: 'u', scopes: ['z'] });
    expect(principalOf(undefined)).toBeUndefined();
    expect(missingScopes(principalOf({ sub: 'a', scope: 'x' }), ['x', 'y'])).toEqual(['y']);
    expect(missingScopes(undefined, ['x'])).toEqual(['x']);
  });

  it('keys a caller by subject, else by a hash of its credential, never by the credential itself', () => {
    expect(callerKeyOf({ user: { sub: 'alice' } }, { authorization: 'Bearer t1' })).toBe('sub:alice');
    expect(callerKeyOf({ raw: { user: { sub: 'alice' } } }, {})).toBe('sub:alice');
    const byToken = callerKeyOf({}, { authorization: 'Bearer secret-token' });
    expect(byToken).toMatch(/^cred:/);
    expect(byToken).not.toContain('secret-token');
    expect(callerKeyOf({}, { authorization: 'Bearer other' })).not.toBe(byToken);
    expect(callerKeyOf({}, { 'x-api-key': 'k' })).toMatch(/^cred:/);
    expect(callerKeyOf({}, {})).toBeUndefined();
  });

  it('falls back to the connection a request arrived on (stdio), after the subject and the credential', () => {
    const request = {};
    markConnectionCaller(request, 'c1');
    expect(callerKeyOf(request, {})).toBe('conn:c1');
    expect(callerKeyOf(request, { 'x-api-key': 'k' })).toMatch(/^cred:/);
    // The connection mark is not enumerable (a spread would drop it): mark the request with a user too.
    const withUser = { user: { sub: 'alice' } };
    markConnectionCaller(withUser, 'c1');
    expect(callerKeyOf(withUser, {})).toBe('sub:alice');
  });

  it('tells which requests arrived where scopes are enforced', () => {
    const request = {};
    expect(enforcesScopes(request)).toBe(false);
    markScopesEnforced(request);
    expect(enforcesScopes(request)).toBe(true);
  });
});

import { exposeMcpHeaders, mergeHeaderList } from './exposed-headers.js';

describe('exposeMcpHeaders', () => {
  const answer = { kind: 'reply' as const, status: 200, headers: {} };

  it('exposes the MCP headers to cross-origin callers only', () => {
    expect(exposeMcpHeaders(answer, {}).headers).toEqual({});
    expect(exposeMcpHeaders(answer, { origin: 'http://localhost:5173' }).headers).toEqual({
      'access-control-expose-headers': 'mcp-session-id, mcp-protocol-version, www-authenticate',
    });
  });

  it('merges with a list the app set, without repeating a name', () => {
    expect(mergeHeaderList('X-Request-Id, Mcp-Session-Id', 'mcp-session-id, mcp-protocol-version')).toBe('X-Request-Id, mcp-session-id, mcp-protocol-version');
    expect(mergeHeaderList(undefined, 'a')).toBe('a');
    expect(mergeHeaderList(['b', 'c'], 'a')).toBe('b, c, a');
  });
});

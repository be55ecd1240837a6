import type { IncomingMessage } from 'node:http';
import type { McpRequestScope } from '../context/mcp-request-scope.js';
import type { ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { ANONYMOUS_TASK_OWNER, resolveTaskOwner } from './task-owner.js';

const options = {} as ResolvedMcpOptions['tasks'];

function scopeOf(request: Partial<IncomingMessage> & { user?: unknown }, session?: { id: string }): McpRequestScope {
  return { httpRequest: { headers: {}, ...request } as IncomingMessage, session } as unknown as McpRequestScope;
}

describe('resolveTaskOwner', () => {
  it('keeps a principal\'s owner whatever scopes its next token carries', () => {
    const first = resolveTaskOwner(scopeOf({ user: { subject: 'alice', scopes: ['a'] } }), options);
    expect(first).toBe('user:alice');
    expect(resolveTaskOwner(scopeOf({ user: { subject: 'alice', scopes: ['a', 'b'] } }), options)).toBe(first);
  });

  it('falls back to the session, then a credential hash, then nobody', () => {
    expect(resolveTaskOwner(scopeOf({}, { id: 's1' }), options)).toBe('session:s1');
    const keyed = resolveTaskOwner(scopeOf({ headers: { 'x-api-key': 'secret' } }), options);
    expect(keyed).toMatch(/^caller:cred:/);
    expect(keyed).not.toContain('secret');
    expect(resolveTaskOwner(scopeOf({}), options)).toBe(ANONYMOUS_TASK_OWNER);
  });

  it('asks the app first', () => {
    const custom = { owner: () => 'tenant-7' } as unknown as ResolvedMcpOptions['tasks'];
    expect(resolveTaskOwner(scopeOf({ user: { sub: 'alice' } }), custom)).toBe('app:tenant-7');
  });
});

import { APP_GUARD } from '@nestjs/core';
import { McpModule, type McpAuthOptions } from 'nestjs-mcp';
import { AuthNotesController, AuthToolsService, BearerGuard, guardRuns } from './auth/auth.fixture.js';
import { signToken } from './auth/bearer-tokens.js';
import { answerMessage } from './utils/answer-message.js';
import { rawRequest } from './utils/raw-http.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';
import { statelessRequest } from './utils/stateless.js';

const AUTH: McpAuthOptions = {
  authorizationServers: ['https://auth.example.com'],
  scopesSupported: ['notes:read', 'notes:write', 'admin'],
  resourceName: 'Notes',
};

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1.0.0' } },
};

function moduleWith(auth: McpAuthOptions, global: boolean, guards: unknown[] = []) {
  return {
    imports: [McpModule.forRoot({ name: 'auth-test', version: '1.0.0', auth, guards: guards as never })],
    controllers: [AuthNotesController],
    providers: [AuthToolsService, ...(global ? [{ provide: APP_GUARD, useClass: BearerGuard }] : [])],
  };
}

async function session(app: RunningApp, token?: string): Promise<{ call(method: string, params?: object, id?: number): Promise<Awaited<ReturnType<typeof rawRequest>>> }> {
  const authorization: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const init = await rawRequest(app.mcpUrl, { headers: authorization, body: INITIALIZE });
  expect(init.status).toBe(200);
  const sessionId = String(init.headers['mcp-session-id']);
  const headers = { ...authorization, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };
  await rawRequest(app.mcpUrl, { headers, body: { jsonrpc: '2.0', method: 'notifications/initialized' } });
  return {
    call: (method, params = {}, id = 2) => rawRequest(app.mcpUrl, { headers, body: { jsonrpc: '2.0', id, method, params } }),
  };
}

describe.each(PLATFORMS)('Authorization challenges and metadata (%s)', (platform) => {
  const start = startAppOn(platform);

  describe('protected resource metadata', () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await start(moduleWith(AUTH, true), (nest) => nest.setGlobalPrefix('api'), 'api/mcp');
    });
    afterAll(() => app.close());

    it('serves the path-suffixed and root documents (RFC 9728), the global prefix respected', async () => {
      const suffixed = await rawRequest(new URL(`${app.baseUrl}/.well-known/oauth-protected-resource/api/mcp`), { method: 'GET' });
      expect(suffixed.status).toBe(200);
      expect(suffixed.json()).toEqual({
        resource: `${app.baseUrl}/api/mcp`,
        authorization_servers: ['https://auth.example.com'],
        scopes_supported: ['notes:read', 'notes:write', 'admin'],
        bearer_methods_supported: ['header'],
        resource_name: 'Notes',
      });
      const root = await rawRequest(new URL(`${app.baseUrl}/.well-known/oauth-protected-resource`), { method: 'GET' });
      expect(root.status).toBe(200);
      expect(root.json().authorization_servers).toEqual(['https://auth.example.com']);
      const other = await rawRequest(new URL(`${app.baseUrl}/.well-known/oauth-protected-resource/api/other`), { method: 'GET' });
      expect(other.status).toBe(404);
    });

    it('answers a request without credentials with 401, the challenge and a JSON-RPC error', async () => {
      const response = await rawRequest(app.mcpUrl, { body: INITIALIZE });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe(
        `Bearer resource_metadata="${app.baseUrl}/.well-known/oauth-protected-resource/api/mcp"`,
      );
      expect(response.json()).toMatchObject({ jsonrpc: '2.0', id: INITIALIZE.id, error: { code: -32000 } });
      for (const method of ['GET', 'DELETE']) {
        const other = await rawRequest(app.mcpUrl, { method, headers: { accept: 'text/event-stream', 'mcp-session-id': 'x' } });
        expect(other.status).toBe(401);
      }
    });

    it('turns a global guard\'s exceptions into JSON-RPC answers, never Nest\'s plain body', async () => {
      const invalid = await rawRequest(app.mcpUrl, { headers: { authorization: 'Bearer not-a-jwt' }, body: INITIALIZE });
      expect(invalid.status).toBe(401);
      expect(invalid.headers['www-authenticate']).toContain('resource_metadata=');
      expect(invalid.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message: 'The access token is invalid or expired.' } });
      const banned = await rawRequest(app.mcpUrl, { headers: { authorization: 'Bearer banned' }, body: INITIALIZE });
      expect(banned.status).toBe(403);
      expect(banned.json()).toMatchObject({ jsonrpc: '2.0', error: { message: 'This account is suspended.' } });
      const throttled = await rawRequest(app.mcpUrl, { headers: { authorization: 'Bearer slow-down' }, body: INITIALIZE });
      expect(throttled.status).toBe(429);
      expect(throttled.headers['retry-after']).toBe('7');
      expect(throttled.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
    });
  });

  describe('scopes', () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await start(moduleWith({ ...AUTH, allowAnonymous: true }, false, [BearerGuard]));
    });
    afterAll(() => app.close());

    it('publishes scopes in _meta.securitySchemes', async () => {
      const writer = await session(app, await signToken('alice', ['notes:read', 'notes:write']));
      const tools = answerMessage((await writer.call('tools/list')).text).result.tools as Array<{ name: string; _meta?: unknown }>;
      expect(tools.find((tool) => tool.name === 'write_note')?._meta).toEqual({ securitySchemes: [{ type: 'oauth2', scopes: ['notes:write'] }] });
      expect(tools.find((tool) => tool.name === 'whoami')?._meta).toBeUndefined();
    });

    it('calls a tool whose scopes the token grants, with the user as request.user', async () => {
      const reader = await session(app, await signToken('alice', ['notes:read']));
      const result = answerMessage((await reader.call('tools/call', { name: 'list_notes', arguments: {} })).text).result;
      expect(result.structuredContent).toEqual({ notes: ['a', 'b'], for: 'alice' });
    });

    it('answers a missing scope with 403 insufficient_scope and the scopes needed', async () => {
      const reader = await session(app, await signToken('alice', ['notes:read']));
      const response = await reader.call('tools/call', { name: 'write_note', arguments: {} }, 9);
      expect(response.status).toBe(403);
      const challenge = String(response.headers['www-authenticate']);
      expect(challenge).toMatch(/^Bearer error="insufficient_scope", scope="notes:write", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"/);
      expect(response.json()).toMatchObject({ jsonrpc: '2.0', id: 9, error: { code: -32000 } });
      expect(response.json().error.message).toContain('"notes:write"');
    });

    it('answers an anonymous caller of a scoped tool with 401 naming the scope, and lets it call open tools', async () => {
      const anonymous = await session(app);
      const response = await anonymous.call('tools/call', { name: 'admin_only', arguments: {} });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toContain('scope="admin"');
      const open = answerMessage((await anonymous.call('tools/call', { name: 'provider_whoami', arguments: {} })).text).result;
      expect(open.structuredContent).toEqual({ user: null, requestUser: 'unset' });
    });

    it('enforces scopes on the stateless wire too', async () => {
      const token = await signToken('bob', ['notes:read']);
      const refused = await statelessRequest(app.mcpUrl, 'tools/call', { name: 'write_note', arguments: {} }, { headers: { authorization: `Bearer ${token}` } });
      expect(refused.status).toBe(403);
      const allowed = await statelessRequest(app.mcpUrl, 'tools/call', { name: 'list_notes', arguments: {} }, { headers: { authorization: `Bearer ${token}` } });
      expect(allowed.status).toBe(200);
      expect(allowed.body.result.structuredContent.for).toBe('bob');
    });

    it('shows the principal to provider tools as ctx.user and ctx.request.user, whichever guard set it', async () => {
      const user = await session(app, await signToken('carol', []));
      expect(answerMessage((await user.call('tools/call', { name: 'provider_whoami', arguments: {} })).text).result.structuredContent).toEqual({ user: 'carol', requestUser: 'set' });
      expect(answerMessage((await user.call('tools/call', { name: 'provider_stamped', arguments: {} })).text).result.structuredContent).toEqual({ user: 'stamped', requestUser: 'stamped' });
    });

    it('runs an endpoint guard once per tool call, and the route\'s own guard once', async () => {
      const user = await session(app, await signToken('dave', []));
      guardRuns.clear();
      const result = answerMessage((await user.call('tools/call', { name: 'whoami', arguments: {} })).text).result;
      expect(result.structuredContent).toEqual({ sub: 'dave' });
      expect(Object.fromEntries(guardRuns)).toEqual({ BearerGuard: 1, UserRequiredGuard: 1 });
    });
  });

  describe('the verify hook', () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await start(
        moduleWith(
          {
            ...AUTH,
            verify: ({ bearerToken }) => (bearerToken === 'let-me-in' ? { subject: 'erin', scopes: ['admin'] } : undefined),
          },
          false,
        ),
      );
    });
    afterAll(() => app.close());

    it('establishes the principal without guards, and refuses requests it returns nothing for', async () => {
      expect((await rawRequest(app.mcpUrl, { body: INITIALIZE })).status).toBe(401);
      const admin = await session(app, 'let-me-in');
      const result = answerMessage((await admin.call('tools/call', { name: 'admin_only', arguments: {} })).text).result;
      expect(result.structuredContent).toEqual({ admin: true });
      const who = answerMessage((await admin.call('tools/call', { name: 'provider_whoami', arguments: {} })).text).result;
      expect(who.structuredContent).toEqual({ user: null, requestUser: 'set' });
    });
  });
});

import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { McpCtx, McpModule, McpTool, type McpContext } from 'nestjs-mcp';
import { rawRequest } from './utils/raw-http.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';
import { statelessRequest } from './utils/stateless.js';
import { XUserMiddlewareModule } from './fixtures/x-user.middleware.js';

const AUTH = { authorizationServers: ['https://auth.example.com'] };

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1.0.0' } },
};

@Injectable()
class WhoTools {
  @McpTool({ description: 'Who the tool sees as the caller' })
  who(@McpCtx() ctx: McpContext) {
    return { user: (ctx.user as { id?: string } | undefined)?.id ?? null };
  }
}


describe.each(PLATFORMS)('A user set by Nest middleware, with the auth option (%s)', (platform) => {
  const start = startAppOn(platform);

  describe('with the middleware', () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await start({ imports: [McpModule.forRoot({ name: 'auth-middleware', auth: AUTH }), XUserMiddlewareModule], providers: [WhoTools] });
    });
    afterAll(() => app.close());

    it('counts as authenticated: the session opens and tools see the user', async () => {
      const client = await app.connect({ 'x-user': 'mia' });
      const result = await client.callTool({ name: 'who', arguments: {} });
      expect(result.structuredContent).toEqual({ user: 'mia' });
    });

    it('counts on the stateless wire too', async () => {
      const answer = await statelessRequest(app.mcpUrl, 'tools/call', { name: 'who', arguments: {} }, { headers: { 'x-user': 'noa' } });
      expect(answer.status).toBe(200);
      expect(answer.body.result.structuredContent).toEqual({ user: 'noa' });
    });

    it('still refuses with 401 a request the middleware set no user on', async () => {
      const refused = await rawRequest(app.mcpUrl, { body: INITIALIZE });
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer /);
    });
  });

  describe('without the middleware', () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await start({ imports: [McpModule.forRoot({ name: 'auth-middleware', auth: AUTH })], providers: [WhoTools] });
    });
    afterAll(() => app.close());

    it('refuses the same request with 401', async () => {
      const refused = await rawRequest(app.mcpUrl, { headers: { 'x-user': 'mia' }, body: INITIALIZE });
      expect(refused.status).toBe(401);
    });
  });
});

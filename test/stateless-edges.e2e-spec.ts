import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { McpCtx, McpModule, McpTool, type McpContext } from 'nestjs-mcp';
import { rawRequest } from './utils/raw-http.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';
import { statelessMeta, statelessRequest } from './utils/stateless.js';

@Injectable()
class AskingTool {
  @McpTool({ description: 'Asks for a name' })
  async ask(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit<{ name: string }>('Name?', { type: 'object', properties: { name: { type: 'string' } } }, { key: 'name' });
    return `Hi ${answer.content?.name}`;
  }
}

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);

  describe('stateless wire edges', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({
        imports: [McpModule.forRoot({ name: 'edges', requestState: { secret: 'test-secret', ttlMs: 100 } })],
        providers: [AskingTool],
      });
    });
    afterAll(() => running.close());

    it('refuses an expired requestState with -32602', async () => {
      const capabilities = { elicitation: {} };
      const round1 = await statelessRequest(running.mcpUrl, 'tools/call', { name: 'ask', arguments: {} }, { capabilities });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const late = await statelessRequest(running.mcpUrl, 'tools/call', {
        name: 'ask',
        arguments: {},
        inputResponses: { name: { action: 'accept', content: { name: 'Bo' } } },
        requestState: round1.body.result.requestState,
      }, { capabilities });
      expect(late.body.error).toMatchObject({ code: -32602, message: expect.stringContaining('expired') });
    });

    it('refuses a requestState replayed on other arguments', async () => {
      const capabilities = { elicitation: {} };
      const round1 = await statelessRequest(running.mcpUrl, 'tools/call', { name: 'ask', arguments: {} }, { capabilities });
      const replayed = await statelessRequest(running.mcpUrl, 'tools/call', {
        name: 'ask',
        arguments: { extra: true },
        requestState: round1.body.result.requestState,
      }, { capabilities });
      expect(replayed.body.error).toMatchObject({ code: -32602, message: expect.stringContaining('another request') });
    });

    it('treats header names case-insensitively and header values case-sensitively', async () => {
      const body = { jsonrpc: '2.0', id: 9, method: 'tools/list', params: { _meta: statelessMeta() } };
      const base = { 'Content-Type': 'application/json', Accept: 'application/json', 'MCP-PROTOCOL-VERSION': '2026-07-28' };
      const upper = await rawRequest(running.mcpUrl, { headers: { ...base, 'MCP-METHOD': 'tools/list' }, body });
      expect(upper.status).toBe(200);
      expect(upper.json().result.tools.map((tool: { name: string }) => tool.name)).toEqual(['ask']);
      const lower = await rawRequest(running.mcpUrl, { headers: { ...base, 'mcp-method': 'tools/list' }, body });
      expect(lower.status).toBe(200);
      const wrongCase = await rawRequest(running.mcpUrl, { headers: { ...base, 'Mcp-Method': 'Tools/List' }, body });
      expect(wrongCase.status).toBe(400);
      expect(wrongCase.json()).toMatchObject({ id: 9, error: { code: -32020 } });
    });
  });
});

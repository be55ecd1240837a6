import 'reflect-metadata';
import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { IsString } from 'class-validator';
import { McpArgs, McpCtx, McpModule, McpPrompt, McpProperty, McpResource, McpTool, type McpContext } from 'nestjs-mcp';

class DeployDto {
  @McpProperty({ description: 'Where to deploy', header: 'Region' })
  @IsString()
  region!: string;
}
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';
import { statelessMeta, statelessRequest } from './utils/stateless.js';

@Controller('notes')
class NotesController {
  @Get(':id')
  @McpResource({ uriTemplate: 'notes://notes/{id}', mimeType: 'application/json' })
  @McpTool({ name: 'get_note' })
  findOne(@Param('id') id: string) {
    return { id, title: `Note ${id}` };
  }
}

@Injectable()
class Tools {
  @McpTool({ description: 'Echoes text' })
  echo(@McpArgs() args: { text?: string }) {
    return args.text ?? '';
  }

  @McpTool({ description: 'Reports progress then answers' })
  async progress(@McpCtx() ctx: McpContext) {
    await ctx.reportProgress(0, 2);
    await ctx.log('info', 'working');
    await ctx.reportProgress(2, 2);
    return 'done';
  }

  @McpTool({ description: 'Asks for a name, then a colour, across rounds' })
  async interview(@McpCtx() ctx: McpContext) {
    const name = await ctx.elicit<{ name: string }>('Name?', { type: 'object', properties: { name: { type: 'string' } } }, { key: 'user_name' });
    const colour = await ctx.elicit<{ colour: string }>('Colour?', { type: 'object', properties: { colour: { type: 'string' } } }, { key: 'colour' });
    return `${name.content?.name} likes ${colour.content?.colour}`;
  }

  @McpTool({ description: 'Needs sampling' })
  async think(@McpCtx() ctx: McpContext) {
    const result = await ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 5 });
    return String((result.content as { text?: string }).text);
  }

  @McpTool({ description: 'Mirrors region in a header', inputSchema: { type: 'object', properties: { region: { type: 'string', 'x-mcp-header': 'Region' } }, required: ['region'] } })
  regional(@McpArgs() args: { region: string }) {
    return `region ${args.region}`;
  }

  @McpTool({ description: 'Deploys to a region' })
  deploy(@McpArgs() args: DeployDto) {
    return `deployed to ${args.region}`;
  }

  @McpTool({ description: 'Routes by tenant', headers: { tenant: 'Tenant' } })
  tenantInfo(@McpArgs() args: { tenant: string }) {
    return `tenant ${args.tenant}`;
  }

  @McpResource({ uri: 'config://public', mimeType: 'text/plain', cache: { ttlMs: 5000, scope: 'public' } })
  publicConfig() {
    return 'public config';
  }

  @McpPrompt({ description: 'Greets' })
  greet() {
    return 'Hello';
  }
}

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);

  describe('the 2026-07-28 stateless wire', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({ imports: [McpModule.forRoot({ name: 'stateless', version: '2.0.0' })], controllers: [NotesController], providers: [Tools] });
    });
    afterAll(() => running.close());

    it('answers server/discover with versions, capabilities, serverInfo and hints', async () => {
      const { status, body } = await statelessRequest(running.mcpUrl, 'server/discover');
      expect(status).toBe(200);
      expect(body.result).toMatchObject({
        supportedVersions: ['2026-07-28'],
        capabilities: { tools: {}, prompts: {}, resources: {} },
        _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'stateless', version: '2.0.0' } },
        resultType: 'complete',
        ttlMs: 0,
        cacheScope: 'private',
      });
    });

    it('stamps lists with resultType and cache hints and calls tools', async () => {
      const list = await statelessRequest(running.mcpUrl, 'tools/list');
      expect(list.body.result).toMatchObject({ resultType: 'complete', ttlMs: 60000, cacheScope: 'public' });
      const call = await statelessRequest(running.mcpUrl, 'tools/call', { name: 'get_note', arguments: { id: '3' } });
      expect(call.body.result).toMatchObject({ resultType: 'complete', structuredContent: { id: '3', title: 'Note 3' } });
      const read = await statelessRequest(running.mcpUrl, 'resources/read', { uri: 'notes://notes/4' });
      expect(read.body.result).toMatchObject({ resultType: 'complete', ttlMs: 0, cacheScope: 'private' });
      const cached = await statelessRequest(running.mcpUrl, 'resources/read', { uri: 'config://public' });
      expect(cached.body.result).toMatchObject({ ttlMs: 5000, cacheScope: 'public' });
    });

    it.each([
      ['missing _meta', { meta: null }, 400, -32602],
      ['missing protocolVersion in _meta', { meta: { 'io.modelcontextprotocol/clientCapabilities': {} } }, 400, -32602],
      ['missing clientCapabilities', { meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } }, 400, -32602],
      ['header/_meta mismatch', { meta: statelessMeta({}, { 'io.modelcontextprotocol/protocolVersion': 'v999.0.0' }) }, 400, -32020],
      ['unsupported version', { meta: statelessMeta({}, { 'io.modelcontextprotocol/protocolVersion': 'v999.0.0' }), headers: { 'mcp-protocol-version': 'v999.0.0' } }, 400, -32022],
      ['missing Mcp-Method', { headers: { 'mcp-method': undefined } }, 400, -32020],
      ['case-mismatched Mcp-Method', { headers: { 'mcp-method': 'TOOLS/LIST' } }, 400, -32020],
    ])('rejects %s', async (_label, options, status, code) => {
      const response = await statelessRequest(running.mcpUrl, 'tools/list', {}, { ...(options as object), id: 77 });
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ id: 77, error: { code } });
    });

    it('reports unsupported versions with data.supported and data.requested', async () => {
      const response = await statelessRequest(running.mcpUrl, 'server/discover', {}, {
        meta: statelessMeta({}, { 'io.modelcontextprotocol/protocolVersion': 'v999.0.0' }),
        headers: { 'mcp-protocol-version': 'v999.0.0' },
      });
      expect(response.body.error.data).toEqual({ supported: ['2026-07-28'], requested: 'v999.0.0' });
    });

    it.each(['initialize', 'ping', 'logging/setLevel', 'resources/subscribe', 'unknown/method'])('answers %s with 404 and -32601', async (method) => {
      const response = await statelessRequest(running.mcpUrl, method, {}, { id: 5 });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ id: 5, error: { code: -32601 } });
    });

    it('validates Mcp-Name, accepting surrounding whitespace', async () => {
      const wrong = await statelessRequest(running.mcpUrl, 'tools/call', { name: 'echo', arguments: {} }, { headers: { 'mcp-name': 'other' } });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.code).toBe(-32020);
      const spaced = await statelessRequest(running.mcpUrl, 'tools/call', { name: 'echo', arguments: { text: 'x' } }, { headers: { 'mcp-name': '  echo  ' } });
      expect(spaced.body.result.content).toEqual([{ type: 'text', text: 'x' }]);
    });

    it('checks x-mcp-header parameters, decoding base64 sentinels', async () => {
      const call = (header?: string) =>
        statelessRequest(running.mcpUrl, 'tools/call', { name: 'regional', arguments: { region: 'Hello' } }, { headers: { 'mcp-param-region': header } });
      expect((await call('=?base64?SGVsbG8=?=')).body.result.content[0].text).toBe('region Hello');
      expect((await call('Hello')).status).toBe(200);
      for (const bad of ['=?base64?SGVsbG8?=', '=?base64?SGVs!!!bG8=?=', 'Bye', undefined]) {
        const response = await call(bad);
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe(-32020);
      }
    });

    it('mirrors arguments declared with @McpProperty({ header }) and the tool headers option', async () => {
      const list = await statelessRequest(running.mcpUrl, 'tools/list');
      const byName = Object.fromEntries(list.body.result.tools.map((tool: { name: string }) => [tool.name, tool]));
      expect(byName.deploy.inputSchema.properties.region).toMatchObject({ type: 'string', description: 'Where to deploy', 'x-mcp-header': 'Region' });
      expect(byName.tenantInfo.inputSchema.properties.tenant['x-mcp-header']).toBe('Tenant');
      const ok = await statelessRequest(running.mcpUrl, 'tools/call', { name: 'deploy', arguments: { region: 'eu' } }, { headers: { 'mcp-param-region': 'eu' } });
      expect(ok.body.result.content[0].text).toBe('deployed to eu');
      const missing = await statelessRequest(running.mcpUrl, 'tools/call', { name: 'tenantInfo', arguments: { tenant: 'acme' } });
      expect(missing.body.error.code).toBe(-32020);
    });

    it('streams progress as SSE before the result, and logs only with a logLevel', async () => {
      const silent = await statelessRequest(running.mcpUrl, 'tools/call', { name: 'progress', arguments: {}, _meta: { progressToken: 't1' } });
      expect(silent.contentType).toContain('text/event-stream');
      const silentMethods = silent.body.map((message: { method?: string }) => message.method ?? 'result');
      expect(silentMethods).toEqual(['notifications/progress', 'notifications/progress', 'result']);
      const verbose = await statelessRequest(running.mcpUrl, 'tools/call', {
        name: 'progress',
        arguments: {},
        _meta: { progressToken: 't2', 'io.modelcontextprotocol/logLevel': 'debug' },
      });
      expect(verbose.body.map((message: { method?: string }) => message.method ?? 'result')).toEqual([
        'notifications/progress',
        'notifications/message',
        'notifications/progress',
        'result',
      ]);
      expect(verbose.body.at(-1).result.resultType).toBe('complete');
    });

    it('runs a three-round elicitation with signed requestState', async () => {
      const capabilities = { elicitation: {} };
      const r1 = await statelessRequest(running.mcpUrl, 'tools/call', { name: 'interview', arguments: {} }, { capabilities });
      expect(r1.body.result).toMatchObject({ resultType: 'input_required', inputRequests: { user_name: { method: 'elicitation/create' } } });
      const r2 = await statelessRequest(running.mcpUrl, 'tools/call', {
        name: 'interview',
        arguments: {},
        inputResponses: { user_name: { action: 'accept', content: { name: 'Alice' } }, unrelated: { x: 1 } },
        requestState: r1.body.result.requestState,
      }, { capabilities });
      expect(r2.body.result).toMatchObject({ resultType: 'input_required', inputRequests: { colour: { method: 'elicitation/create' } } });
      expect(r2.body.result.requestState).not.toEqual(r1.body.result.requestState);
      const r3 = await statelessRequest(running.mcpUrl, 'tools/call', {
        name: 'interview',
        arguments: {},
        inputResponses: { colour: { action: 'accept', content: { colour: 'blue' } } },
        requestState: r2.body.result.requestState,
      }, { capabilities });
      expect(r3.body.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: 'Alice likes blue' }] });

      const tampered = await statelessRequest(running.mcpUrl, 'tools/call', {
        name: 'interview',
        arguments: {},
        inputResponses: { colour: { action: 'accept', content: { colour: 'red' } } },
        requestState: `${r2.body.result.requestState}-TAMPERED`,
      }, { capabilities });
      expect(tampered.body.error).toMatchObject({ code: -32602 });
    });

    it('asks again for malformed answers', async () => {
      const response = await statelessRequest(running.mcpUrl, 'tools/call', {
        name: 'interview',
        arguments: {},
        inputResponses: { user_name: 12345 },
      }, { capabilities: { elicitation: {} } });
      expect(response.body.result.resultType).toBe('input_required');
    });

    it('answers -32021 with requiredCapabilities when the request lacks a capability', async () => {
      const response = await statelessRequest(running.mcpUrl, 'tools/call', { name: 'think', arguments: {} });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { sampling: {} } } });
    });

    it('returns -32602 with data.uri for unknown resources', async () => {
      const response = await statelessRequest(running.mcpUrl, 'resources/read', { uri: 'notes://nope' });
      expect(response.body.error).toMatchObject({ code: -32602, data: { uri: 'notes://nope' } });
    });
  });
});

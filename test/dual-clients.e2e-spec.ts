import 'reflect-metadata';
import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { McpCtx, McpModule, McpRegistry, McpTool, type McpContext } from 'nestjs-mcp';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

@Controller('orders')
class OrdersController {
  @Get(':id')
  @McpTool({ name: 'get_order', description: 'Reads an order' })
  findOne(@Param('id') id: string) {
    return { id, status: 'shipped' };
  }
}

@Injectable()
class AskingTools {
  @McpTool({ description: 'Asks for a name and reports progress' })
  async welcome(@McpCtx() ctx: McpContext) {
    await ctx.reportProgress(1, 2);
    const answer = await ctx.elicit<{ name: string }>('Your name?', {
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
    });
    await ctx.reportProgress(2, 2);
    return `Welcome, ${answer.content?.name} (${ctx.protocolVersion})`;
  }
}

async function connectModern(url: URL): Promise<ModernClient> {
  const client = new ModernClient(
    { name: 'modern-client', version: '2.0.0' },
    { capabilities: { elicitation: {} }, versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  client.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { name: 'Grace' } }));
  await client.connect(new ModernTransport(url));
  return client;
}

async function connectLegacy(url: URL): Promise<LegacyClient> {
  const client = new LegacyClient({ name: 'legacy-client', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { name: 'Ada' } }));
  await client.connect(new LegacyTransport(url));
  return client;
}

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);

  describe('one endpoint, both revisions, official clients', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({ imports: [McpModule.forRoot({ name: 'dual' })], controllers: [OrdersController], providers: [AskingTools] });
    });
    afterAll(() => running.close());

    it('serves the 2.x client on 2026-07-28 and the 1.x client on 2025-11-25 at the same time', async () => {
      const [modern, legacy] = await Promise.all([connectModern(running.mcpUrl), connectLegacy(running.mcpUrl)]);
      const [modernTools, legacyTools] = await Promise.all([modern.listTools(), legacy.listTools()]);
      expect(modernTools.tools.map((tool) => tool.name)).toEqual(legacyTools.tools.map((tool) => tool.name));

      const modernProgress: number[] = [];
      const legacyProgress: number[] = [];
      const [modernOrder, legacyOrder, modernWelcome, legacyWelcome] = await Promise.all([
        modern.callTool({ name: 'get_order', arguments: { id: '1' } }),
        legacy.callTool({ name: 'get_order', arguments: { id: '2' } }),
        modern.callTool({ name: 'welcome', arguments: {}, _meta: { progressToken: 'm' } } as never, { onprogress: (p: { progress: number }) => modernProgress.push(p.progress) } as never),
        legacy.callTool({ name: 'welcome', arguments: {} }, undefined, { onprogress: (p) => legacyProgress.push(p.progress) }),
      ]);
      expect(modernOrder.structuredContent).toEqual({ id: '1', status: 'shipped' });
      expect(legacyOrder.structuredContent).toEqual({ id: '2', status: 'shipped' });
      expect(modernWelcome.content).toEqual([{ type: 'text', text: 'Welcome, Grace (2026-07-28)' }]);
      expect(legacyWelcome.content).toEqual([{ type: 'text', text: 'Welcome, Ada (2025-11-25)' }]);
      expect(legacyProgress).toEqual([1, 2]);
      await Promise.all([modern.close(), legacy.close()]);
    });

    it('delivers tools/list_changed to a 2.x listen subscription after a run-time registration, and nothing else', async () => {
      const modern = await connectModern(running.mcpUrl);
      const received: string[] = [];
      modern.setNotificationHandler('notifications/tools/list_changed', () => void received.push('tools'));
      modern.setNotificationHandler('notifications/prompts/list_changed', () => void received.push('prompts'));
      const subscription = await modern.listen({ toolsListChanged: true });
      expect(subscription.honoredFilter).toEqual({ toolsListChanged: true });
      const registry = running.app.get(McpRegistry);
      registry.addPrompt({ name: 'ignored_prompt', handler: () => 'x' });
      registry.addTool({ name: 'fresh_tool', description: 'New', handler: () => 'fresh' });
      for (let attempt = 0; attempt < 50 && received.length === 0; attempt += 1) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 50));
      expect(received).toEqual(['tools']);
      await subscription.close();
      registry.removeTool('fresh_tool');
      registry.removePrompt('ignored_prompt');
      await modern.close();
    });
  });
});

import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { ElicitRequestSchema, CreateMessageRequestSchema, ListRootsRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpCtx, McpModule, McpTool, type McpContext } from 'nestjs-mcp';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

@Injectable()
class StreamingTools {
  @McpTool({ description: 'Reports three progress steps' })
  async progress(@McpCtx() ctx: McpContext) {
    for (const step of [0, 50, 100]) {
      await ctx.reportProgress(step, 100, `step ${step}`);
    }
    return 'done';
  }

  @McpTool({ description: 'Logs at every level' })
  async chatty(@McpCtx() ctx: McpContext) {
    await ctx.log('debug', 'debug line');
    await ctx.log('info', 'info line');
    await ctx.log('error', 'error line');
    return 'logged';
  }

  @McpTool({ description: 'Asks the user for a name' })
  async ask(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit<{ name: string }>('Your name?', {
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
    });
    return answer.action === 'accept' ? `Hello ${answer.content!.name}` : `No name (${answer.action})`;
  }

  @McpTool({ description: 'Samples the client model' })
  async think(@McpCtx() ctx: McpContext) {
    const result = await ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 10 });
    return `model said: ${(result.content as { text: string }).text}`;
  }

  @McpTool({ description: 'Lists roots' })
  async roots(@McpCtx() ctx: McpContext) {
    return (await ctx.listRoots()).map((root) => root.uri).join(',');
  }
}

async function connect(url: URL, capabilities: Record<string, unknown> = { elicitation: {}, sampling: {}, roots: {} }) {
  const client = new Client({ name: 'streaming-tests', version: '1.0.0' }, { capabilities });
  await client.connect(new StreamableHTTPClientTransport(url));
  return client;
}

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);

  describe('streaming on the 2025-11-25 wire', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({ imports: [McpModule.forRoot({ name: 'streaming' })], providers: [StreamingTools] });
    });
    afterAll(() => running.close());

    it('delivers progress notifications in order', async () => {
      const client = await connect(running.mcpUrl);
      const seen: number[] = [];
      const result = await client.callTool({ name: 'progress', arguments: {} }, undefined, {
        onprogress: (progress) => seen.push(progress.progress),
      });
      expect(seen).toEqual([0, 50, 100]);
      expect(result.content).toEqual([{ type: 'text', text: 'done' }]);
      await client.close();
    });

    it('honours logging/setLevel', async () => {
      const client = await connect(running.mcpUrl);
      const levels: string[] = [];
      client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
        levels.push(notification.params.level);
      });
      await client.setLoggingLevel('info');
      await client.callTool({ name: 'chatty', arguments: {} });
      expect(levels).toEqual(['info', 'error']);
      await client.close();
    });

    it('elicits, samples and lists roots through the client', async () => {
      const client = await connect(running.mcpUrl);
      client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { name: 'Ada' } }));
      client.setRequestHandler(CreateMessageRequestSchema, async () => ({
        role: 'assistant',
        content: { type: 'text', text: 'bonjour' },
        model: 'test-model',
      }));
      client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///a' }, { uri: 'file:///b' }] }));
      expect((await client.callTool({ name: 'ask', arguments: {} })).content).toEqual([{ type: 'text', text: 'Hello Ada' }]);
      expect((await client.callTool({ name: 'think', arguments: {} })).content).toEqual([{ type: 'text', text: 'model said: bonjour' }]);
      expect((await client.callTool({ name: 'roots', arguments: {} })).content).toEqual([{ type: 'text', text: 'file:///a,file:///b' }]);
      await client.close();
    });

    it('fails clearly when the client lacks the capability', async () => {
      const client = await connect(running.mcpUrl, {});
      const result = await client.callTool({ name: 'ask', arguments: {} });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toContain('elicitation');
      await client.close();
    });
  });
});

import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { McpCtx, McpModule, McpTaskStore, McpTool, type McpContext } from 'nestjs-mcp';
import type { MemoryTaskStore } from '../lib/stores/memory/memory-task.store.js';
import { TaskRunner } from '../lib/tasks/task-runner.js';
import { openSession, post } from './utils/raw-mcp.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';
import { statelessRequest } from './utils/stateless.js';
import { XUserMiddlewareModule } from './fixtures/x-user.middleware.js';

const TASKS = { extensions: { 'io.modelcontextprotocol/tasks': {} } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@Injectable()
class QuickTools {
  @McpTool({ description: 'Returns at once', taskSupport: 'optional' })
  quick() {
    return 'ok';
  }

  @McpTool({ description: 'Asks the user to confirm', taskSupport: 'optional' })
  async confirm(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit('Sure?', { type: 'object', properties: { sure: { type: 'boolean' } } });
    return `answer: ${answer.action}`;
  }
}

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);

  describe('task lifecycle', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({
        imports: [McpModule.forRoot({ name: 'task-life', tasks: { maxActivePerOwner: 2_000 } }), XUserMiddlewareModule],
        providers: [QuickTools],
      });
    });
    afterAll(() => running.close());

    it('expires a task after its TTL', async () => {
      const sessionId = await openSession(running.mcpUrl);
      const rpc = async (method: string, params: Record<string, unknown>) =>
        (await (await post(running.mcpUrl, sessionId, { jsonrpc: '2.0', id: 1, method, params }, { accept: 'application/json' })).json()) as any;
      const created = await rpc('tools/call', { name: 'quick', arguments: {}, task: { ttl: 100 } });
      const taskId = created.result.task.taskId;
      expect((await rpc('tasks/get', { taskId })).result.ttl).toBe(100);
      await sleep(150);
      expect((await rpc('tasks/get', { taskId })).error.code).toBe(-32602);
    });

    it('completes 1,000 short tasks with nothing left running and the store bounded by TTL', async () => {
      const store = running.app.get(McpTaskStore) as MemoryTaskStore;
      const before = store.size;
      const sessionId = await openSession(running.mcpUrl);
      for (let batch = 0; batch < 10; batch += 1) {
        await Promise.all(
          Array.from({ length: 100 }, (_, index) =>
            post(running.mcpUrl, sessionId, { jsonrpc: '2.0', id: index, method: 'tools/call', params: { name: 'quick', arguments: {}, task: { ttl: 200 } } }, { accept: 'application/json' }).then((response) => response.json()),
          ),
        );
      }
      await sleep(50);
      expect(running.app.get(TaskRunner).runningCount).toBe(0);
      expect(await store.countActive()).toBe(0);
      expect(store.size - before).toBeLessThanOrEqual(1_000);
      await sleep(250);
      expect(await store.countActive()).toBe(0);
      expect(store.size).toBeLessThanOrEqual(before);
      // A volume test: a loaded CI machine may take longer than the suite's 20 s to run 1,000 tasks.
    }, 90_000);

    it('moves a stateful task to input_required while it elicits through the session, then completes', async () => {
      const client = new Client({ name: 'task-elicit', version: '1.0.0' }, { capabilities: { elicitation: {} } });
      let seenStatus: string | undefined;
      let taskId: string | undefined;
      client.setRequestHandler(ElicitRequestSchema, async (request) => {
        const related = (request.params._meta as Record<string, { taskId: string }> | undefined)?.['io.modelcontextprotocol/related-task'];
        const owner = `session:${(client.transport as StreamableHTTPClientTransport).sessionId}`;
        seenStatus = (await running.app.get(McpTaskStore).get(related!.taskId, owner))?.status;
        taskId = related!.taskId;
        return { action: 'accept', content: { sure: true } };
      });
      await client.connect(new StreamableHTTPClientTransport(running.mcpUrl));
      await sleep(50);
      const created = (await client.request(
        { method: 'tools/call', params: { name: 'confirm', arguments: {}, task: {} } },
        (await import('@modelcontextprotocol/sdk/types.js')).CreateTaskResultSchema,
      )) as { task: { taskId: string } };
      const result = (await client.request(
        { method: 'tasks/result', params: { taskId: created.task.taskId } },
        (await import('@modelcontextprotocol/sdk/types.js')).CallToolResultSchema,
      )) as { content: Array<{ text: string }> };
      expect(result.content[0]!.text).toBe('answer: accept');
      expect(taskId).toBe(created.task.taskId);
      expect(seenStatus).toBe('input_required');
      await client.close();
    });

    it('keeps two authenticated users from seeing each other\'s tasks on the stateless wire', async () => {
      const as = (user: string) => ({ capabilities: TASKS, headers: { 'x-user': user } });
      const created = (await statelessRequest(running.mcpUrl, 'tools/call', { name: 'quick', arguments: {} }, as('alice'))).body.result;
      expect(created.resultType).toBe('task');
      expect((await statelessRequest(running.mcpUrl, 'tasks/get', { taskId: created.taskId }, as('alice'))).body.result.taskId).toBe(created.taskId);
      const intruder = await statelessRequest(running.mcpUrl, 'tasks/get', { taskId: created.taskId }, as('bob'));
      expect(intruder.body.error.code).toBe(-32602);
      const cancel = await statelessRequest(running.mcpUrl, 'tasks/cancel', { taskId: created.taskId }, as('bob'));
      expect(cancel.body.error.code).toBe(-32602);
    });
  });
});

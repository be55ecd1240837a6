import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { McpArgs, McpCtx, McpModule, McpProtocolError, McpTool, type McpContext } from 'nestjs-mcp';
import { openSession, post } from './utils/raw-mcp.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';
import { statelessRequest } from './utils/stateless.js';
import { pollUntil, sleep } from './utils/poll.js';

const TASKS = { extensions: { 'io.modelcontextprotocol/tasks': {} } };

@Injectable()
class JobTools {
  aborted: string[] = [];

  @McpTool({ description: 'Computes slowly', taskSupport: 'optional' })
  async slow(@McpArgs() args: { ms?: number; label?: string }, @McpCtx() ctx: McpContext) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, args.ms ?? 0);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        this.aborted.push(args.label ?? 'slow');
        reject(new Error('aborted'));
      });
    });
    return `done ${args.label ?? ''}`.trim();
  }

  @McpTool({ description: 'Always fails as a tool', taskSupport: 'required' })
  async failing() {
    throw new Error('The job broke');
  }

  @McpTool({ description: 'Fails with a protocol error', taskSupport: 'required' })
  async protocolFailure() {
    throw new McpProtocolError(-32603, 'Backend unavailable');
  }

  @McpTool({ description: 'Asks for two confirmations at once', taskSupport: 'required' })
  async twoQuestions(@McpCtx() ctx: McpContext) {
    const schema = { type: 'object' as const, properties: { ok: { type: 'boolean' as const } } };
    const [a, b] = await Promise.all([
      ctx.elicit('First?', schema, { key: 'first' }),
      ctx.elicit('Second?', schema, { key: 'second' }),
    ]);
    return `${a.action}/${b.action}`;
  }

  @McpTool({ description: 'Asks a name before becoming a task', taskSupport: 'required', taskStart: 'manual' })
  async greetLater(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit<{ name: string }>('Name?', { type: 'object', properties: { name: { type: 'string' } } }, { key: 'name' });
    await ctx.startTask();
    await sleep(20);
    return `Hello, ${answer.content?.name}!`;
  }

  @McpTool({ description: 'Plain tool' })
  plain() {
    return 'plain';
  }
}

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);

  describe('tasks', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({
        imports: [McpModule.forRoot({ name: 'tasks', tasks: { pollIntervalMs: 50 }, pageSize: 2 })],
        providers: [JobTools],
      });
    });
    afterAll(() => running.close());

    describe('on the 2026-07-28 wire (tasks extension)', () => {
      const call = (name: string, args: Record<string, unknown> = {}, capabilities: Record<string, unknown> = TASKS) =>
        statelessRequest(running.mcpUrl, 'tools/call', { name, arguments: args }, { capabilities });
      const get = async (taskId: string, capabilities: Record<string, unknown> = TASKS) =>
        (await statelessRequest(running.mcpUrl, 'tasks/get', { taskId }, { capabilities })).body;

      it('advertises the extension in server/discover', async () => {
        const { body } = await statelessRequest(running.mcpUrl, 'server/discover');
        expect(body.result.capabilities.extensions).toEqual({ 'io.modelcontextprotocol/tasks': {} });
        expect(body.result.capabilities.tasks).toBeUndefined();
      });

      it('creates a flat task, polls it to completion and inlines the result', async () => {
        const created = (await call('slow', { ms: 50, label: 'a' })).body.result;
        expect(created).toMatchObject({ resultType: 'task', status: 'working', ttlMs: expect.any(Number), pollIntervalMs: 50 });
        expect(created).not.toHaveProperty('task');
        expect((await get(created.taskId)).result).toMatchObject({ resultType: 'complete', taskId: created.taskId });
        const done = await pollUntil(async () => (await get(created.taskId)).result, (task) => task.status === 'completed');
        expect(done.result).toMatchObject({ content: [{ type: 'text', text: 'done a' }] });
        expect(done.result._meta?.['io.modelcontextprotocol/related-task']).toBeUndefined();
      });

      it('runs optional tools synchronously for clients without the extension, and refuses required ones', async () => {
        expect((await call('slow', { ms: 0 }, {})).body.result).toMatchObject({ resultType: 'complete', content: [{ text: 'done' }] });
        const refused = await call('failing', {}, {});
        expect(refused.status).toBe(400);
        expect(refused.body.error).toMatchObject({
          code: -32021,
          data: { requiredCapabilities: { extensions: { 'io.modelcontextprotocol/tasks': {} } } },
        });
        const gated = await statelessRequest(running.mcpUrl, 'tasks/get', { taskId: 'gate-test' });
        expect(gated.body.error.code).toBe(-32021);
      });

      it('completes with isError for tool errors and fails with the error for protocol errors', async () => {
        const toolError = (await call('failing')).body.result;
        const completed = await pollUntil(async () => (await get(toolError.taskId)).result, (task) => task.status !== 'working');
        expect(completed).toMatchObject({ status: 'completed', result: { isError: true } });
        const protocolError = (await call('protocolFailure')).body.result;
        const failed = await pollUntil(async () => (await get(protocolError.taskId)).result, (task) => task.status !== 'working');
        expect(failed).toMatchObject({ status: 'failed', error: { code: -32603, message: 'Backend unavailable' } });
        expect(failed.result).toBeUndefined();
      });

      it('cancels a running task, aborting its handler, and acks idempotently', async () => {
        const created = (await call('slow', { ms: 60_000, label: 'cancel-me' })).body.result;
        const ack = await statelessRequest(running.mcpUrl, 'tasks/cancel', { taskId: created.taskId }, { capabilities: TASKS });
        expect(ack.body.result).toEqual({ resultType: 'complete' });
        expect((await get(created.taskId)).result.status).toBe('cancelled');
        await pollUntil(async () => running.app.get(JobTools).aborted, (aborted) => aborted.includes('cancel-me'));
        const again = await statelessRequest(running.mcpUrl, 'tasks/cancel', { taskId: created.taskId }, { capabilities: TASKS });
        expect(again.body.result).toEqual({ resultType: 'complete' });
      });

      it('parks in input_required and resumes with partial tasks/update answers', async () => {
        const created = (await call('twoQuestions', {}, { ...TASKS, elicitation: {} })).body.result;
        const waiting = await pollUntil(async () => (await get(created.taskId)).result, (task) => task.status === 'input_required' && Object.keys(task.inputRequests).length === 2);
        expect(waiting.inputRequests.first.method).toBe('elicitation/create');
        const update = (inputResponses: Record<string, unknown>) =>
          statelessRequest(running.mcpUrl, 'tasks/update', { taskId: created.taskId, inputResponses }, { capabilities: TASKS });
        expect((await update({ first: { action: 'accept', content: { ok: true } }, 'unknown-key': {} })).body.result).toEqual({ resultType: 'complete' });
        const partial = await pollUntil(async () => (await get(created.taskId)).result, (task) => Object.keys(task.inputRequests ?? {}).length === 1);
        expect(Object.keys(partial.inputRequests)).toEqual(['second']);
        await update({ second: { action: 'decline' } });
        const done = await pollUntil(async () => (await get(created.taskId)).result, (task) => task.status === 'completed');
        expect(done.result.content[0].text).toBe('accept/decline');
      });

      it('asks for input in ordinary rounds before creating a manual task', async () => {
        const capabilities = { ...TASKS, elicitation: {} };
        const round1 = (await call('greetLater', {}, capabilities)).body.result;
        expect(round1).toMatchObject({ resultType: 'input_required', inputRequests: { name: { method: 'elicitation/create' } } });
        expect(round1.taskId).toBeUndefined();
        const round2 = (
          await statelessRequest(running.mcpUrl, 'tools/call', {
            name: 'greetLater',
            arguments: {},
            inputResponses: { name: { action: 'accept', content: { name: 'Alice' } } },
            requestState: round1.requestState,
          }, { capabilities })
        ).body.result;
        expect(round2).toMatchObject({ resultType: 'task', taskId: expect.any(String) });
        expect(round2.requestState).toBeUndefined();
        const done = await pollUntil(async () => (await get(round2.taskId, capabilities)).result, (task) => task.status === 'completed');
        expect(done.result.content[0].text).toBe('Hello, Alice!');
      });

      it('answers -32602 for unknown ids and -32601 for removed task methods', async () => {
        expect((await get('no-such-task')).error.code).toBe(-32602);
        for (const method of ['tasks/result', 'tasks/list']) {
          const response = await statelessRequest(running.mcpUrl, method, { taskId: 'x' }, { capabilities: TASKS });
          expect(response.body.error.code).toBe(-32601);
        }
      });
    });

    describe('on the 2025-11-25 wire', () => {
      const rpc = async (sessionId: string, method: string, params: Record<string, unknown>, id = 1) =>
        (await (await post(running.mcpUrl, sessionId, { jsonrpc: '2.0', id, method, params }, { accept: 'application/json' })).json()) as any;

      it('advertises tasks, lists taskSupport, and runs a task-augmented call to its result', async () => {
        const sessionId = await openSession(running.mcpUrl);
        const init = await fetch(running.mcpUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
        });
        expect(((await init.json()) as any).result.capabilities.tasks).toEqual({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
        const tools = await rpc(sessionId, 'tools/list', {});
        expect(tools.result.tools.find((tool: { name: string }) => tool.name === 'slow').execution).toEqual({ taskSupport: 'optional' });
        const created = await rpc(sessionId, 'tools/call', { name: 'slow', arguments: { ms: 30, label: 'b' }, task: { ttl: 60_000 } });
        expect(created.result.task).toMatchObject({ status: 'working', ttl: 60_000, pollInterval: 50 });
        const taskId = created.result.task.taskId;
        expect((await rpc(sessionId, 'tasks/get', { taskId })).result).toMatchObject({ taskId });
        const result = await rpc(sessionId, 'tasks/result', { taskId });
        expect(result.result).toMatchObject({
          content: [{ type: 'text', text: 'done b' }],
          _meta: { 'io.modelcontextprotocol/related-task': { taskId } },
        });
      });

      it('enforces taskSupport, refuses to cancel finished tasks, and keeps owners apart', async () => {
        const owner = await openSession(running.mcpUrl);
        const stranger = await openSession(running.mcpUrl);
        expect((await rpc(owner, 'tools/call', { name: 'failing', arguments: {} })).error.code).toBe(-32601);
        expect((await rpc(owner, 'tools/call', { name: 'plain', arguments: {}, task: {} })).error.code).toBe(-32601);
        const created = await rpc(owner, 'tools/call', { name: 'slow', arguments: { ms: 0 }, task: {} });
        const taskId = created.result.task.taskId;
        await rpc(owner, 'tasks/result', { taskId });
        expect((await rpc(owner, 'tasks/cancel', { taskId })).error.code).toBe(-32602);
        expect((await rpc(stranger, 'tasks/get', { taskId })).error.code).toBe(-32602);
        expect((await rpc(stranger, 'tasks/list', {})).result.tasks).toEqual([]);
      });

      it('marks tool errors as failed and returns the error result from tasks/result', async () => {
        const sessionId = await openSession(running.mcpUrl);
        const created = await rpc(sessionId, 'tools/call', { name: 'failing', arguments: {}, task: {} });
        const result = await rpc(sessionId, 'tasks/result', { taskId: created.result.task.taskId });
        expect(result.result.isError).toBe(true);
        expect((await rpc(sessionId, 'tasks/get', { taskId: created.result.task.taskId })).result.status).toBe('failed');
      });

      it('cancels a running task and paginates the owner list', async () => {
        const sessionId = await openSession(running.mcpUrl);
        const ids: string[] = [];
        for (const label of ['p1', 'p2', 'p3']) {
          ids.push((await rpc(sessionId, 'tools/call', { name: 'slow', arguments: { ms: 60_000, label }, task: {} })).result.task.taskId);
        }
        const cancelled = await rpc(sessionId, 'tasks/cancel', { taskId: ids[0] });
        expect(cancelled.result).toMatchObject({ taskId: ids[0], status: 'cancelled' });
        const first = await rpc(sessionId, 'tasks/list', {});
        expect(first.result.tasks).toHaveLength(2);
        const second = await rpc(sessionId, 'tasks/list', { cursor: first.result.nextCursor });
        expect([...first.result.tasks, ...second.result.tasks].map((task: { taskId: string }) => task.taskId).sort()).toEqual([...ids].sort());
        for (const taskId of ids.slice(1)) await rpc(sessionId, 'tasks/cancel', { taskId });
      });
    });
  });
});

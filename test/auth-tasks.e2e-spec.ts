import { Injectable } from '@nestjs/common';
import { McpCtx, McpModule, McpTool, type McpContext } from 'nestjs-mcp';
import { BearerGuard } from './auth/auth.fixture.js';
import { signToken } from './auth/bearer-tokens.js';
import { rawRequest } from './utils/raw-http.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';
import { statelessRequest } from './utils/stateless.js';

const TASKS = { extensions: { 'io.modelcontextprotocol/tasks': {} } };

@Injectable()
class HeldJobs {
  @McpTool({ description: 'Runs until cancelled', taskSupport: 'optional' })
  async hold(@McpCtx() ctx: McpContext) {
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
    return 'released';
  }
}

/** Who sends a request: a bearer token (a user, through the guard), an API key (a credential, no user), or nobody. */
type Caller = { token?: string; apiKey?: string };

function headersOf(caller: Caller): Record<string, string> {
  return {
    ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}),
    ...(caller.apiKey ? { 'x-api-key': caller.apiKey } : {}),
  };
}

/** The JSON-RPC message of a response, whether it came as JSON or as one SSE event. */
function messageOf(text: string): any {
  const data = text.split('\n').filter((line) => line.startsWith('data:'));
  return JSON.parse(data.length > 0 ? data.at(-1)!.slice(5) : text);
}

describe.each(PLATFORMS)('Tasks bound to their owner (%s)', (platform) => {
  const start = startAppOn(platform);
  let app: RunningApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    app = await start({
      // One unfinished task per owner makes a shared owner visible: a second caller sharing it would get 429.
      imports: [McpModule.forRoot({ name: 'task-owners', guards: [BearerGuard], tasks: { maxActivePerOwner: 1 } })],
      providers: [HeldJobs],
    });
    alice = await signToken('alice', []);
    bob = await signToken('bob', []);
  });
  afterAll(() => app.close());

  describe('on the 2026-07-28 wire', () => {
    const send = async (caller: Caller, method: string, params: Record<string, unknown>) =>
      (await statelessRequest(app.mcpUrl, method, params, { capabilities: TASKS, headers: headersOf(caller) })).body;
    const hold = async (caller: Caller): Promise<string> => {
      const created = await send(caller, 'tools/call', { name: 'hold', arguments: {} });
      expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });
      return created.result.taskId;
    };
    const notFound = { code: -32602, message: expect.stringContaining('not found') };

    it('gives anonymous callers no shared owner: each task is its own, reachable only by its id', async () => {
      const first = await hold({});
      // A second anonymous caller is not counted against the first one's tasks (it would get 429 with a shared owner).
      const second = await hold({});
      expect(second).not.toBe(first);
      expect((await send({}, 'tasks/get', { taskId: first })).result).toMatchObject({ taskId: first, status: 'working' });
      expect((await send({}, 'tasks/get', { taskId: `${first}x` })).error).toMatchObject(notFound);
      // Nobody with an identity reaches an anonymous task, and an anonymous caller reaches no one else's.
      expect((await send({ apiKey: 'key-1' }, 'tasks/get', { taskId: first })).error).toMatchObject(notFound);
      expect((await send({ token: alice }, 'tasks/cancel', { taskId: first })).error).toMatchObject(notFound);
      for (const taskId of [first, second]) {
        expect((await send({}, 'tasks/cancel', { taskId })).error).toBeUndefined();
      }
    });

    it('keys callers with a credential but no user by a hash of it: another key cannot get, update or cancel the task', async () => {
      const taskId = await hold({ apiKey: 'key-1' });
      const refused = await send({ apiKey: 'key-1' }, 'tools/call', { name: 'hold', arguments: {} });
      expect(refused.error).toMatchObject({ message: expect.stringContaining('unfinished tasks') });
      const other = await hold({ apiKey: 'key-2' });
      for (const intruder of [{ apiKey: 'key-2' }, {}]) {
        expect((await send(intruder, 'tasks/get', { taskId })).error).toMatchObject(notFound);
        expect((await send(intruder, 'tasks/update', { taskId, inputResponses: {} })).error).toMatchObject(notFound);
        expect((await send(intruder, 'tasks/cancel', { taskId })).error).toMatchObject(notFound);
      }
      expect((await send({ apiKey: 'key-1' }, 'tasks/get', { taskId })).result).toMatchObject({ status: 'working' });
      await send({ apiKey: 'key-1' }, 'tasks/cancel', { taskId });
      await send({ apiKey: 'key-2' }, 'tasks/cancel', { taskId: other });
    });

    it('binds a user\'s task to the user, whatever token of theirs comes next', async () => {
      const taskId = await hold({ token: alice });
      for (const intruder of [{ token: bob }, {}, { apiKey: 'key-1' }]) {
        expect((await send(intruder, 'tasks/get', { taskId })).error).toMatchObject(notFound);
        expect((await send(intruder, 'tasks/cancel', { taskId })).error).toMatchObject(notFound);
      }
      const renewed = await signToken('alice', ['notes:read']);
      expect((await send({ token: renewed }, 'tasks/get', { taskId })).result).toMatchObject({ status: 'working' });
      expect((await send({ token: renewed }, 'tasks/cancel', { taskId })).error).toBeUndefined();
    });
  });

  describe('on the 2025-11-25 wire', () => {
    async function openSession(caller: Caller): Promise<(method: string, params: Record<string, unknown>) => Promise<any>> {
      const headers = headersOf(caller);
      const init = await rawRequest(app.mcpUrl, {
        headers,
        body: { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } },
      });
      const sessionId = String(init.headers['mcp-session-id']);
      const sessionHeaders = { ...headers, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };
      await rawRequest(app.mcpUrl, { headers: sessionHeaders, body: { jsonrpc: '2.0', method: 'notifications/initialized' } });
      let id = 0;
      return async (method, params) => messageOf((await rawRequest(app.mcpUrl, { headers: sessionHeaders, body: { jsonrpc: '2.0', id: ++id, method, params } })).text);
    }

    it('keeps two anonymous sessions\' tasks apart: neither lists, gets nor cancels the other\'s', async () => {
      const mine = await openSession({});
      const theirs = await openSession({});
      const taskId = (await mine('tools/call', { name: 'hold', arguments: {}, task: {} })).result.task.taskId;
      const own = (await theirs('tools/call', { name: 'hold', arguments: {}, task: {} })).result.task.taskId;
      expect((await theirs('tasks/list', {})).result.tasks.map((task: { taskId: string }) => task.taskId)).toEqual([own]);
      expect((await theirs('tasks/get', { taskId })).error).toMatchObject({ code: -32602 });
      expect((await theirs('tasks/cancel', { taskId })).error).toMatchObject({ code: -32602 });
      expect((await mine('tasks/list', {})).result.tasks).toEqual([expect.objectContaining({ taskId, status: 'working' })]);
      await mine('tasks/cancel', { taskId });
      await theirs('tasks/cancel', { taskId: own });
    });

    it('binds a user\'s tasks to the user across their sessions, and hides them from everyone else', async () => {
      const first = await openSession({ token: alice });
      const taskId = (await first('tools/call', { name: 'hold', arguments: {}, task: {} })).result.task.taskId;
      const second = await openSession({ token: alice });
      // The user's tasks from any session or wire (the earlier 2026-07-28 test's task is listed too).
      expect((await second('tasks/list', {})).result.tasks).toContainEqual(expect.objectContaining({ taskId, status: 'working' }));
      for (const intruder of [await openSession({ token: bob }), await openSession({})]) {
        expect((await intruder('tasks/list', {})).result.tasks).toEqual([]);
        expect((await intruder('tasks/get', { taskId })).error).toMatchObject({ code: -32602 });
        expect((await intruder('tasks/result', { taskId })).error).toMatchObject({ code: -32602 });
        expect((await intruder('tasks/cancel', { taskId })).error).toMatchObject({ code: -32602 });
      }
      expect((await second('tasks/cancel', { taskId })).result).toMatchObject({ taskId, status: 'cancelled' });
    });
  });
});

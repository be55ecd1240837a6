import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { openGet, openSession, post, SseReader, type SseEvent } from '../utils/raw-mcp.js';
import { connectSdkClient } from '../utils/sdk-client.js';
import { statelessRequest } from '../utils/stateless.js';
import { InstanceProcess } from './utils/instance-process.js';
import { InstanceProxy } from './utils/instance-proxy.js';
import { PrivateRedis } from './utils/private-redis.js';
import { uniquePrefix } from './utils/test-redis.js';
import { pollUntil, sleep } from '../utils/poll.js';

const TASKS = { extensions: { 'io.modelcontextprotocol/tasks': {} } };
const STREAM_STOPPED = 'The server instance running this request stopped before it finished. Retry the call.';
const TASK_STOPPED = 'The server instance running this task stopped before it finished. Run the tool again.';
const textOf = (result: Record<string, unknown>) => (result.content as Array<{ text: string }>)[0]!.text;

/** `promise`, or a failure naming `what` once 20 s passed (so a regression fails the test instead of hanging it). */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), 20_000)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the events of a stream until it ends. */
async function readToEnd(reader: SseReader): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for (let event = await reader.next(); event; event = await reader.next()) events.push(event);
  return events;
}

/** POSTs a `linger` call that streams (it asks for progress), and reads up to its progress notification. */
async function startLinger(url: URL, sessionId: string, id: number, ms: number): Promise<{ reader: SseReader; lastEventId: string }> {
  const response = await post(url, sessionId, {
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'linger', arguments: { ms }, _meta: { progressToken: `p${id}` } },
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = new SseReader(response);
  const events = await reader.until((data) => data.method === 'notifications/progress');
  return { reader, lastEventId: events.at(-1)!.id! };
}

/**
 * Two instances behind a proxy without affinity, sharing a private Redis, with short liveness leases (heartbeat
 * 250 ms, lease 1.5 s), on Express and Fastify both ways round. One instance is killed (SIGKILL) while it runs calls and tasks: a resumed call ends with a
 * JSON-RPC error instead of waiting forever, its tasks fail, and the survivor serves everyone else throughout.
 */
describe.each([
  ['express', 'fastify'],
  ['fastify', 'express'],
])('when an instance of a deployment dies (the dying one on %s, the survivor on %s)', (dying, surviving) => {
  const keyPrefix = uniquePrefix('death');
  let redis: PrivateRedis;
  let a: InstanceProcess;
  let b: InstanceProcess;
  let proxy: InstanceProxy;
  const clients: Client[] = [];

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const env = { REDIS_URL: redis.url, MCP_KEY_PREFIX: keyPrefix, MCP_HEARTBEAT_MS: '250', MCP_LEASE_MS: '1500' };
    [a, b] = await Promise.all([
      InstanceProcess.start('a', { ...env, MCP_PLATFORM: dying }),
      InstanceProcess.start('b', { ...env, MCP_PLATFORM: surviving }),
    ]);
    proxy = await InstanceProxy.start([a.url, b.url]);
  }, 30_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await proxy?.close();
    await Promise.all([a?.kill(), b?.kill()]);
    await redis?.stop();
  });

  it('keeps a resumed call waiting while its instance lives, and delivers its answer', async () => {
    const sessionId = await openSession(proxy.url);
    // The call runs on a for 3 s, twice the lease: the survivor checks a's lease several times and finds it alive.
    const { reader, lastEventId } = await startLinger(a.url, sessionId, 1, 3_000);
    await reader.cancel();
    const resumed = new SseReader(await openGet(b.url, sessionId, lastEventId));
    const events = await readToEnd(resumed);
    expect(events[0]).toMatchObject({ id: lastEventId, data: '' });
    expect(events.slice(1).map((event) => JSON.parse(event.data))).toEqual([
      { jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'lingered on a' }] } },
    ]);
  }, 30_000);

  it('ends calls and tasks the dead instance ran with errors, while the survivor serves on', async () => {
    // Clients of the survivor, calling streaming tools all along.
    const survivor = await connectSdkClient(b.url);
    clients.push(survivor);
    let loading = true;
    const survivorFailures: unknown[] = [];
    let survivorCalls = 0;
    const load = (async () => {
      while (loading) {
        try {
          const result = await survivor.callTool({ name: 'progress', arguments: {} }, undefined, { onprogress: () => undefined });
          expect(textOf(result)).toBe('done on b');
          survivorCalls += 1;
        } catch (error) {
          survivorFailures.push(error);
        }
      }
    })();

    try {
      await killedWhileRunning();
    } finally {
      loading = false;
      await load;
    }
    expect(survivorFailures).toEqual([]);
    expect(survivorCalls).toBeGreaterThan(0);
  }, 60_000);

  /** Starts calls and tasks on a, kills a, and checks how each ends and that sessions go on. */
  async function killedWhileRunning(): Promise<void> {
    // An SDK client through the proxy whose streaming call runs on a.
    let callsTo: number | undefined = 0;
    proxy.route = (request, self) => (request.rpcMethod === 'tools/call' && callsTo !== undefined ? callsTo : self.randomInstance());
    const sdk = await connectSdkClient(proxy.url);
    clients.push(sdk);
    let started!: () => void;
    const progressed = new Promise<void>((resolve) => (started = resolve));
    const sdkCall = sdk.callTool({ name: 'linger', arguments: { ms: 120_000 } }, undefined, { onprogress: () => started(), timeout: 60_000 });
    sdkCall.catch(() => undefined);
    await progressed;

    // A raw session through the proxy whose streaming call runs on a.
    const rawSession = await openSession(proxy.url);
    const raw = await startLinger(proxy.url, rawSession, 7, 120_000);
    callsTo = undefined;

    // Tasks running on a: one on the 2026-07-28 wire, one on a 2025-11-25 session with a tasks/result waiting on b.
    const statelessTask = (await statelessRequest(a.url, 'tools/call', { name: 'wait', arguments: { ms: 120_000 } }, { capabilities: TASKS })).body
      .result;
    expect(statelessTask).toMatchObject({ resultType: 'task', status: 'working' });
    const taskSession = await openSession(proxy.url);
    const rpc = async (url: URL, method: string, params: Record<string, unknown>, id = 1) =>
      (await (await post(url, taskSession, { jsonrpc: '2.0', id, method, params }, { accept: 'application/json' })).json()) as any;
    const statefulTask = (await rpc(a.url, 'tools/call', { name: 'wait', arguments: { ms: 120_000 }, task: {} })).result.task;
    expect(statefulTask).toMatchObject({ status: 'working' });
    const waitingResult = rpc(b.url, 'tasks/result', { taskId: statefulTask.taskId }, 2);
    // A task nobody reads, whose session listens on its GET stream (on b): the sweep fails it.
    const watchSession = await openSession(proxy.url);
    const watching = new SseReader(await openGet(b.url, watchSession));
    const unwatched = (
      (await (
        await post(a.url, watchSession, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'wait', arguments: { ms: 120_000 }, task: {} } }, { accept: 'application/json' })
      ).json()) as any
    ).result.task;

    proxy.down.add(0);
    await a.kill();

    // The SDK client resumes its call on b (Last-Event-ID) and gets the error as the call's response.
    const sdkError = await within(
      sdkCall.then(
        () => undefined,
        (error: unknown) => error,
      ),
      'the SDK call to end',
    );
    expect(sdkError).toBeInstanceOf(McpError);
    expect(sdkError).toMatchObject({ code: -32000, message: expect.stringContaining(STREAM_STOPPED) });

    // The raw client's stream was cut; resuming it on the survivor replays nothing new, then ends with the error.
    await readToEnd(raw.reader).catch(() => undefined);
    const resumed = await within(readToEnd(new SseReader(await openGet(proxy.url, rawSession, raw.lastEventId))), 'the resumed stream to end');
    expect(resumed[0]).toMatchObject({ id: raw.lastEventId, data: '' });
    expect(resumed.slice(1).map((event) => JSON.parse(event.data))).toEqual([
      { jsonrpc: '2.0', id: 7, error: { code: -32000, message: STREAM_STOPPED } },
    ]);
    // Resuming again replays the same end, once.
    const again = await readToEnd(new SseReader(await openGet(proxy.url, rawSession, raw.lastEventId)));
    expect(again.slice(1).map((event) => JSON.parse(event.data).error?.message)).toEqual([STREAM_STOPPED]);

    // The tasks fail: the poller waiting in tasks/result gets the error, tasks/get and tasks/list show it.
    expect(await within(waitingResult, 'tasks/result to answer')).toEqual({ jsonrpc: '2.0', id: 2, error: { code: -32000, message: TASK_STOPPED } });
    expect((await rpc(b.url, 'tasks/get', { taskId: statefulTask.taskId })).result).toMatchObject({
      status: 'failed',
      statusMessage: TASK_STOPPED,
    });
    expect((await rpc(b.url, 'tasks/list', {})).result.tasks).toEqual([
      expect.objectContaining({ taskId: statefulTask.taskId, status: 'failed', statusMessage: TASK_STOPPED }),
    ]);
    const failed = await pollUntil(
      async () => (await statelessRequest(b.url, 'tasks/get', { taskId: statelessTask.taskId }, { capabilities: TASKS })).body.result,
      (task) => task.status !== 'working',
      'the stateless task to fail',
      { attempts: 400, intervalMs: 50 },
    );
    expect(failed).toMatchObject({ status: 'failed', statusMessage: TASK_STOPPED, error: { code: -32000, message: TASK_STOPPED } });

    const status = await within(
      watching.until(
        (data) => data.method === 'notifications/tasks/status' && (data.params as any).taskId === unwatched.taskId && (data.params as any).status === 'failed',
      ),
      'the failed status of the unread task',
    );
    expect(JSON.parse(status.at(-1)!.data).params).toMatchObject({ status: 'failed', statusMessage: TASK_STOPPED });
    await watching.cancel();

    // Sessions go on on the survivor; its own clients never noticed.
    expect(textOf(await sdk.callTool({ name: 'whoami', arguments: {} }))).toBe('b');
    const whoami = await (await post(proxy.url, rawSession, { jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'whoami', arguments: {} } })).json();
    expect(whoami).toMatchObject({ id: 8, result: { content: [{ type: 'text', text: 'b' }] } });
  }
});

import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Redis } from 'ioredis';
import { openGet, openSession, post, SseReader, type SseEvent } from '../utils/raw-mcp.js';
import { connectSdkClient } from '../utils/sdk-client.js';
import { statelessHeaders, statelessMeta, statelessRequest } from '../utils/stateless.js';
import { InstanceProcess } from './utils/instance-process.js';
import { InstanceProxy } from './utils/instance-proxy.js';
import { connectTestRedis, deleteKeys, TEST_REDIS_URL, uniquePrefix } from './utils/test-redis.js';
import { pollUntil, sleep } from '../utils/poll.js';

const TASKS = { extensions: { 'io.modelcontextprotocol/tasks': {} } };

/** The next SSE event, or `undefined` when none arrives within `ms`. */
function nextWithin(reader: SseReader, ms: number): Promise<SseEvent | undefined> {
  return Promise.race([reader.next(), sleep(ms).then(() => undefined)]);
}

/** The next SSE event; fails when none arrives within 5 s. */
async function nextEvent(reader: SseReader): Promise<SseEvent> {
  const event = await nextWithin(reader, 5_000);
  if (!event) throw new Error('No SSE event arrived within 5 s');
  return event;
}

const sequenceOf = (event: SseEvent) => Number(event.id!.split('.').at(-1));
const dataOf = (event: SseEvent) => JSON.parse(event.data) as { method?: string; params?: { uri?: string } };

/**
 * Two instances of one app in separate processes, sharing one Redis, behind a proxy without session affinity.
 * Whatever instance a request lands on, the session, its streams and its pending requests are there.
 */
describe('a deployment of two instances sharing Redis', () => {
  const keyPrefix = uniquePrefix('scaled');
  let redis: Redis;
  let a: InstanceProcess;
  let b: InstanceProcess;
  let proxy: InstanceProxy;

  beforeAll(async () => {
    redis = await connectTestRedis();
    const env = { REDIS_URL: TEST_REDIS_URL, MCP_KEY_PREFIX: keyPrefix };
    [a, b] = await Promise.all([InstanceProcess.start('a', env), InstanceProcess.start('b', env)]);
    proxy = await InstanceProxy.start([a.url, b.url]);
  }, 30_000);

  afterAll(async () => {
    await proxy?.close();
    await Promise.all([a?.kill(), b?.kill()]);
    if (redis) {
      await deleteKeys(redis, keyPrefix);
      await redis.quit();
    }
  });

  it('serves one session from both instances, whichever gets each request', async () => {
    const client = await connectSdkClient(proxy.url);
    const answers = new Set<string>();
    for (let call = 0; call < 8; call += 1) {
      const result = await client.callTool({ name: 'whoami', arguments: {} });
      answers.add((result.content as Array<{ text: string }>)[0]!.text);
    }
    await client.close();
    expect([...answers].sort()).toEqual(['a', 'b']);
  });

  it('streams progress in order and answers, through whichever instance runs the tool', async () => {
    const client = await connectSdkClient(proxy.url);
    for (let call = 0; call < 2; call += 1) {
      const progress: number[] = [];
      const result = await client.callTool({ name: 'progress', arguments: {} }, undefined, {
        onprogress: ({ progress: value }) => progress.push(value),
      });
      expect(progress).toEqual([1, 2, 3, 4, 5]);
      expect((result.content as Array<{ text: string }>)[0]!.text).toMatch(/^done on [ab]$/);
    }
    await client.close();
  });

  it('delivers an elicitation answer POSTed to the other instance to the handler waiting for it', async () => {
    proxy.route = (request, self) =>
      request.kind === 'response' ? 1 - (self.lastInstanceOf('tools/call') ?? 0) : self.randomInstance();
    try {
      const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
      const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
      const client = new Client({ name: 'scaled-tests', version: '1.0.0' }, { capabilities: { elicitation: {} } });
      await client.connect(new StreamableHTTPClientTransport(proxy.url));
      let asked = 0;
      client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { name: `Ada ${++asked}` } }));
      for (let call = 1; call <= 3; call += 1) {
        const before = proxy.log.length;
        const result = await client.callTool({ name: 'ask', arguments: {} });
        expect(result.content).toEqual([{ type: 'text', text: `Hello Ada ${call}` }]);
        const routed = proxy.log.slice(before);
        const toolCall = routed.find((entry) => entry.rpcMethod === 'tools/call')!;
        const answer = routed.find((entry) => entry.kind === 'response')!;
        expect(answer.instance).not.toBe(toolCall.instance);
      }
      await client.close();
    } finally {
      proxy.route = (_, self) => self.randomInstance();
    }
  });

  it('runs a task on one instance while another polls, completes and cancels it (2026-07-28 wire)', async () => {
    const onA = (method: string, params: Record<string, unknown>) => statelessRequest(a.url, method, params, { capabilities: TASKS });
    const onB = (method: string, params: Record<string, unknown>) => statelessRequest(b.url, method, params, { capabilities: TASKS });

    const quick = (await onA('tools/call', { name: 'wait', arguments: { ms: 100 } })).body.result;
    expect(quick).toMatchObject({ resultType: 'task', status: 'working' });
    const done = await pollUntil(async () => (await onB('tasks/get', { taskId: quick.taskId })).body.result, (task) => task.status === 'completed', 'the task to complete');
    expect(done.result.content).toEqual([{ type: 'text', text: 'waited on a' }]);

    const slow = (await onA('tools/call', { name: 'wait', arguments: { ms: 60_000 } })).body.result;
    expect((await onB('tasks/cancel', { taskId: slow.taskId })).body.result).toEqual({ resultType: 'complete' });
    expect((await onA('tasks/get', { taskId: slow.taskId })).body.result.status).toBe('cancelled');
  });

  it('sends a subscriptions/listen stream on one instance the updates announced on another (2026-07-28 wire)', async () => {
    const params = { notifications: { resourceSubscriptions: ['note://listened'] }, _meta: statelessMeta() };
    const response = await fetch(a.url, {
      method: 'POST',
      headers: statelessHeaders('subscriptions/listen', params),
      body: JSON.stringify({ jsonrpc: '2.0', id: 'listen-1', method: 'subscriptions/listen', params }),
    });
    const reader = new SseReader(response);
    expect(dataOf(await nextEvent(reader)).method).toBe('notifications/subscriptions/acknowledged');
    await statelessRequest(b.url, 'tools/call', { name: 'touch', arguments: { uri: 'note://other' } });
    await statelessRequest(b.url, 'tools/call', { name: 'touch', arguments: { uri: 'note://listened' } });
    const update = dataOf(await nextEvent(reader));
    expect(update).toMatchObject({ method: 'notifications/resources/updated', params: { uri: 'note://listened' } });
    await reader.cancel();
  });

  it('resumes a GET stream on the other instance after the first is killed, nothing lost or repeated', async () => {
    const sessionId = await openSession(a.url);
    const call = async (url: URL, method: string, params: Record<string, unknown>, id: number) => {
      const response = await post(url, sessionId, { jsonrpc: '2.0', id, method, params });
      expect(response.status).toBe(200);
      await response.text();
    };
    for (const [index, uri] of ['note://1', 'note://2', 'note://3', 'note://4'].entries()) {
      await call(b.url, 'resources/subscribe', { uri }, 100 + index);
    }
    const touch = (uri: string, id: number) => call(b.url, 'tools/call', { name: 'touch', arguments: { uri } }, id);

    const first = new SseReader(await openGet(a.url, sessionId));
    const priming = await nextEvent(first);
    await touch('note://1', 1);
    const seen = await first.until((data) => data.method === 'notifications/resources/updated');
    const one = seen.at(-1)!;
    expect(dataOf(one).params!.uri).toBe('note://1');
    await first.cancel();

    // The client is gone; instance a keeps storing the session's notifications for it, then dies.
    await touch('note://2', 2);
    await touch('note://3', 3);
    const streamId = priming.id!.slice(0, priming.id!.lastIndexOf('.'));
    await pollUntil(() => redis.hget(`${keyPrefix}stream:{s:${streamId}}`, 'next'), (next) => Number(next) === sequenceOf(one) + 3, 'the missed notifications to be stored');
    await a.kill();
    proxy.down.add(0);

    const resumed = new SseReader(await openGet(b.url, sessionId, one.id));
    expect(await nextEvent(resumed)).toEqual({ id: one.id, retry: expect.any(Number), data: '' });
    const replayed = [await nextEvent(resumed), await nextEvent(resumed)];
    await touch('note://4', 4);
    const live = await nextEvent(resumed);
    const received = [...replayed, live];
    expect(received.map((event) => dataOf(event).params!.uri)).toEqual(['note://2', 'note://3', 'note://4']);
    expect(received.map(sequenceOf)).toEqual([1, 2, 3].map((offset) => sequenceOf(one) + offset));
    expect(await nextWithin(resumed, 300)).toBeUndefined();
    await resumed.cancel();
  });
});

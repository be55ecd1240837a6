import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { openGet, openSession, post, SseReader, type SseEvent } from '../utils/raw-mcp.js';
import { connectSdkClient } from '../utils/sdk-client.js';
import { InstanceProcess } from './utils/instance-process.js';
import { InstanceProxy } from './utils/instance-proxy.js';
import { PrivateRedis } from './utils/private-redis.js';
import { uniquePrefix } from './utils/test-redis.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sequenceOf = (id: string) => Number(id.slice(id.lastIndexOf('.') + 1));
const streamOf = (id: string) => id.slice(0, id.lastIndexOf('.'));

/** The next SSE event; fails when none arrives within 20 s (so a regression fails the test instead of hanging it). */
async function nextEvent(reader: SseReader): Promise<SseEvent | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('No SSE event arrived within 20 s')), 20_000)));
  try {
    return await Promise.race([reader.next(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `done` holds, or fails after about 20 s. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 400 && !done(); attempt += 1) await sleep(50);
  if (!done()) throw new Error(`Timed out waiting for ${what}`);
}

/**
 * Resumption across instances: two instances (Express and Fastify) in separate processes on a private Redis, behind a
 * proxy without affinity. A `tools/call` answered over SSE is cut while it waits; the client resumes it with
 * `Last-Event-ID` on the other instance, is cut again before the stream's next event, resumes again on the first
 * instance, and still gets the rest of the stream and the call's answer, each event once, ids increasing.
 */
describe('a resumed stream cut again before its next event, on two instances', () => {
  const NAMES = ['a', 'b'] as const;
  let redis: PrivateRedis;
  let instances: InstanceProcess[];
  let proxy: InstanceProxy;
  const clients: Client[] = [];

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const env = { REDIS_URL: redis.url, MCP_KEY_PREFIX: uniquePrefix('recut') };
    instances = await Promise.all([
      InstanceProcess.start('a', { ...env, MCP_PLATFORM: 'express' }),
      InstanceProcess.start('b', { ...env, MCP_PLATFORM: 'fastify' }),
    ]);
    proxy = await InstanceProxy.start(instances.map((instance) => instance.url));
  }, 40_000);

  afterEach(() => {
    proxy.route = (_routed, self) => self.randomInstance();
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await proxy?.close();
    await Promise.all((instances ?? []).map((instance) => instance.kill()));
    await redis?.stop();
  });

  /**
   * Routes the call to `producer`, and each resume of the call's stream (a GET whose `Last-Event-ID` belongs to the
   * stream `callStream()` names) to the instance the previous request of the stream did not reach.
   */
  function routeCallAndResumes(producer: number, callStream: () => string | undefined): void {
    let last = producer;
    proxy.route = (routed, self) => {
      if (routed.rpcMethod === 'tools/call') return (last = producer);
      const stream = callStream();
      if (routed.kind === 'get' && stream !== undefined && routed.lastEventId?.startsWith(`${stream}.`)) return (last = 1 - last);
      return self.randomInstance();
    };
  }

  /** The instances that took the resumes of `stream`, in order. */
  const resumesOf = (stream: string) =>
    proxy.log.filter((entry) => entry.kind === 'get' && entry.lastEventId?.startsWith(`${stream}.`)).map((entry) => entry.instance);

  /** Opens the gate a `held` call waits behind, on the instance running it. */
  async function openGate(instance: number, sessionId: string, gate: string): Promise<void> {
    const message = { jsonrpc: '2.0', id: `release ${gate}`, method: 'tools/call', params: { name: 'release', arguments: { gate } } };
    const response = await post(instances[instance]!.url, sessionId, message, { accept: 'application/json' });
    expect(response.status).toBe(200);
    await response.text();
  }

  it.each([
    [0, 1],
    [1, 0],
  ])('completes a raw call running on instance %i, resumed on instance %i, cut again, resumed on the first one', async (producer, other) => {
    const gate = `raw-${producer}`;
    const sessionId = await openSession(proxy.url);
    let callStream: string | undefined;
    routeCallAndResumes(producer, () => callStream);
    const message = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'held', arguments: { gate }, _meta: { progressToken: gate } } };
    const response = await post(proxy.url, sessionId, message);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const call = new SseReader(response);
    const waiting = (await call.until((data) => data.method === 'notifications/progress')).at(-1)!;
    expect(JSON.parse(waiting.data).params).toMatchObject({ progressToken: gate, progress: 1, message: 'waiting' });
    callStream = streamOf(waiting.id!);
    await call.cancel();

    // Resumed on the other instance: a priming event carrying the id it resumes from; then, nothing new yet, cut again.
    const first = new SseReader(await openGet(proxy.url, sessionId, waiting.id));
    expect(await nextEvent(first)).toEqual({ id: waiting.id, retry: expect.any(Number), data: '' });
    await first.cancel();

    // Resumed again, on the first instance: the priming event again, then the rest of the stream once the call goes on.
    const second = new SseReader(await openGet(proxy.url, sessionId, waiting.id));
    expect(await nextEvent(second)).toEqual({ id: waiting.id, retry: expect.any(Number), data: '' });
    await openGate(producer, sessionId, gate);
    const rest = [(await nextEvent(second))!, (await nextEvent(second))!, (await nextEvent(second))!];
    expect(rest.map((event) => JSON.parse(event.data))).toEqual([
      expect.objectContaining({ method: 'notifications/progress', params: expect.objectContaining({ progress: 2, message: 'through' }) }),
      expect.objectContaining({ method: 'notifications/progress', params: expect.objectContaining({ progress: 3, message: 'done' }) }),
      { jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: `through ${gate} on ${NAMES[producer]}` }] } },
    ]);
    const waitingSequence = sequenceOf(waiting.id!);
    expect(rest.map((event) => sequenceOf(event.id!))).toEqual([waitingSequence + 1, waitingSequence + 2, waitingSequence + 3]);
    expect(rest.every((event) => streamOf(event.id!) === callStream)).toBe(true);
    expect(await nextEvent(second)).toBeUndefined();
    expect(resumesOf(callStream)).toEqual([other, producer]);
  }, 60_000);

  it.each([
    [0, 1],
    [1, 0],
  ])('gets the result of an SDK call running on instance %i whose streams the network cuts twice (resumed on %i, then back)', async (producer, other) => {
    const gate = `sdk-${producer}`;
    const sdk = await connectSdkClient(proxy.url);
    clients.push(sdk);
    const sessionId = (sdk.transport as { sessionId?: string }).sessionId!;
    let callStream: string | undefined;
    routeCallAndResumes(producer, () => callStream);
    const tokens: string[] = [];
    const progress: number[] = [];
    const result = sdk.callTool({ name: 'held', arguments: { gate } }, undefined, {
      onprogress: ({ progress: step }) => progress.push(step),
      onresumptiontoken: (token) => tokens.push(token),
      timeout: 60_000,
    });
    result.catch(() => undefined);
    await until(() => progress.length === 1, 'the first progress notification');
    const waitingId = tokens.at(-1)!;
    callStream = streamOf(waitingId);
    const seen = tokens.length;

    // The network cuts the call's POST stream; the SDK resumes it (Last-Event-ID), landing on the other instance.
    expect(proxy.cut((entry) => entry.rpcMethod === 'tools/call')).toBe(1);
    await until(() => tokens.length === seen + 1, 'the priming event of the first resume');
    // Cut again before the stream's next event; the SDK resumes it again, on the first instance.
    expect(proxy.cut((entry) => entry.kind === 'get' && entry.lastEventId?.startsWith(`${callStream}.`) === true)).toBe(1);
    await until(() => tokens.length === seen + 2, 'the priming event of the second resume');
    expect(tokens.slice(seen)).toEqual([waitingId, waitingId]);

    await openGate(producer, sessionId, gate);
    expect(await result).toEqual({ content: [{ type: 'text', text: `through ${gate} on ${NAMES[producer]}` }] });
    expect(progress).toEqual([1, 2, 3]);
    const sequences = tokens.slice(seen + 1).map(sequenceOf);
    expect(sequences).toEqual([sequenceOf(waitingId), sequenceOf(waitingId) + 1, sequenceOf(waitingId) + 2, sequenceOf(waitingId) + 3]);
    expect(resumesOf(callStream)).toEqual([other, producer]);
  }, 60_000);
});

import { Redis } from 'ioredis';
import { McpRedisModule } from 'nestjs-mcp/redis';
import { McpModule } from 'nestjs-mcp';
import { GatedTools, gate } from '../fixtures/gated-tools.fixture.js';
import type { RawResponse } from '../utils/raw-http.js';
import { openSession, post, SseReader } from '../utils/raw-mcp.js';
import { rawInitialize, RawMcpSession } from '../utils/raw-mcp-session.js';
import { startApp, type RunningApp } from '../utils/start-app.js';
import { ScaledTools } from './fixtures/scaled-app.module.js';
import { PrivateRedis } from './utils/private-redis.js';

const sequenceOf = (id: string | undefined) => Number(id!.split('.').at(-1));

const UNREACHABLE = 'The server cannot reach Redis, where it keeps its shared state. Retry in a moment.';
const REFUSED = 'Redis, where the server keeps its shared state, cannot take this request right now. Retry in a moment.';

/** Asserts a 503 JSON-RPC answer with `Retry-After: 1` and the given message. */
function expectRetryLater(response: { status: number; headers: Record<string, unknown>; body: unknown }, message: string): void {
  expect(response.status).toBe(503);
  expect(response.headers['retry-after']).toBe('1');
  expect(response.body).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message } });
}

const answerOf = (response: RawResponse) => ({ status: response.status, headers: response.headers, body: response.json() });

/** Retries `request` until it answers 200 (after Redis is back), or fails. */
async function untilServed(request: () => Promise<RawResponse>): Promise<RawResponse> {
  let response = await request();
  for (let attempt = 0; response.status !== 200 && attempt < 200; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    response = await request();
  }
  return response;
}

/**
 * A private redis-server that hangs (SIGSTOP) or refuses commands (out of memory) under a running app: requests do
 * not wait for it, they get HTTP 503 with `Retry-After` and a JSON-RPC error, and the app serves again afterwards.
 */
describe('when Redis hangs or refuses commands', () => {
  let redis: PrivateRedis;
  let admin: Redis;
  let running: RunningApp;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    admin = new Redis(redis.url);
    running = await startApp({
      imports: [McpModule.forRoot({ name: 'faults' }), McpRedisModule.forRoot({ url: redis.url })],
      providers: [ScaledTools, GatedTools],
    });
  });

  afterAll(async () => {
    redis?.thaw();
    await running?.close();
    admin?.disconnect();
    await redis?.stop();
  });

  it('answers 503 with Retry-After while Redis is frozen, without waiting for it, then serves again', async () => {
    const sessions = await Promise.all([1, 2, 3].map(() => RawMcpSession.open(running.mcpUrl)));
    redis.freeze();
    let answers: Array<{ status: number; headers: Record<string, unknown>; body: unknown }>;
    try {
      // Every answer arrives while Redis is still frozen: none waits for it.
      answers = await Promise.all([
        ...sessions.map((session) => session.request('tools/list').then(answerOf)),
        ...sessions.map((session) => session.request('tools/call', { name: 'progress', arguments: {} }).then(answerOf)),
        rawInitialize(running.mcpUrl).then(answerOf),
        fetch(running.mcpUrl, { headers: { ...sessions[0]!.sessionHeaders, accept: 'text/event-stream' } }).then(async (response) => ({
          status: response.status,
          headers: Object.fromEntries(response.headers),
          body: await response.json(),
        })),
      ]);
    } finally {
      redis.thaw();
    }
    for (const answer of answers) expectRetryLater(answer, UNREACHABLE);

    expect((await untilServed(() => sessions[0]!.request('tools/list'))).status).toBe(200);
    const called = await sessions[1]!.request('tools/call', { name: 'whoami', arguments: {} });
    expect(called.json().result.content).toEqual([{ type: 'text', text: 'in-process' }]);
  });

  it('turns a refusal for lack of memory into 503 with Retry-After, and serves again once Redis has room', async () => {
    const sessions = await Promise.all([1, 2, 3].map(() => RawMcpSession.open(running.mcpUrl)));
    await admin.config('SET', 'maxmemory', '1');
    try {
      const ended = await Promise.all(sessions.map((session) => session.delete()));
      for (const response of ended) expectRetryLater(answerOf(response), REFUSED);
    } finally {
      await admin.config('SET', 'maxmemory', '0');
    }
    for (const session of sessions) expect((await session.delete()).status).toBe(204);
    expect((await sessions[0]!.request('tools/list')).status).toBe(404);
  });

  it('never reuses an event id, nor drops the answer of an open stream, when Redis restarts without persistence', async () => {
    gate.close();
    const sessionId = await openSession(running.mcpUrl);
    await post(running.mcpUrl, sessionId, { jsonrpc: '2.0', id: 1, method: 'logging/setLevel', params: { level: 'info' } });
    const call = new SseReader(
      await post(running.mcpUrl, sessionId, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'gated', arguments: {} } }),
    );
    const before = [(await call.next())!, (await call.next())!];
    expect(JSON.parse(before[1]!.data).params.data).toBe('waiting');

    await redis.stop();
    await redis.start();
    expect((await untilServed(() => rawInitialize(running.mcpUrl))).status).toBe(200);
    gate.release();

    const answer = (await call.next())!;
    expect(JSON.parse(answer.data)).toEqual({ jsonrpc: '2.0', id: 2, result: { content: [{ type: 'text', text: 'through' }] } });
    expect(before.map((event) => event.id)).not.toContain(answer.id);
    expect(sequenceOf(answer.id)).toBeGreaterThan(sequenceOf(before[1]!.id));
    expect(await call.next()).toBeUndefined();
  });
});

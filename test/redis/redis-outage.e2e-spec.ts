import { McpRedisModule } from 'nestjs-mcp/redis';
import { McpModule } from 'nestjs-mcp';
import { rawInitialize, RawMcpSession } from '../utils/raw-mcp-session.js';
import { startApp, type RunningApp } from '../utils/start-app.js';
import { ScaledTools } from './fixtures/scaled-app.module.js';
import { PrivateRedis } from './utils/private-redis.js';

/**
 * Redis stops under a running app (a private redis-server without persistence, killed and started again on the
 * same port): requests fail with a clear 503, the process carries on, and the app serves again once Redis is back.
 */
describe('when Redis goes away mid-flight', () => {
  let redis: PrivateRedis;
  let running: RunningApp;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    redis = await PrivateRedis.start();
    running = await startApp({
      imports: [McpModule.forRoot({ name: 'outage' }), McpRedisModule.forRoot({ url: redis.url })],
      providers: [ScaledTools],
    });
  });

  afterAll(async () => {
    await running?.close();
    await redis?.stop();
    process.off('unhandledRejection', onUnhandled);
  });

  it('answers 503 while Redis is down, reconnects on its own and serves again', async () => {
    const session = await RawMcpSession.open(running.mcpUrl);
    expect((await session.request('tools/list')).status).toBe(200);

    await redis.stop();
    for (const response of [await session.request('tools/list'), await rawInitialize(running.mcpUrl)]) {
      expect(response.status).toBe(503);
      expect(response.json().error).toEqual({
        code: -32000,
        message: 'The server cannot reach Redis, where it keeps its shared state. Retry in a moment.',
      });
    }

    await redis.start();
    let initialized = await rawInitialize(running.mcpUrl);
    for (let attempt = 0; initialized.status !== 200 && attempt < 100; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      initialized = await rawInitialize(running.mcpUrl);
    }
    expect(initialized.status).toBe(200);
    // The session lived only in the Redis that was lost (it kept nothing on disk): the client must start over.
    expect((await session.request('tools/list')).status).toBe(404);

    // Progress events travel through pub/sub: the subscriber connection is back and resubscribed.
    const client = await running.connect();
    const progress: number[] = [];
    await client.callTool({ name: 'progress', arguments: {} }, undefined, { onprogress: ({ progress: value }) => progress.push(value) });
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect(unhandled).toEqual([]);
  });
});

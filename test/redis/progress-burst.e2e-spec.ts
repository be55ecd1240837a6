import { Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { McpCtx, McpModule, McpTool, type McpContext } from 'nestjs-mcp';
import { McpRedisModule } from 'nestjs-mcp/redis';
import { startApp, type RunningApp } from '../utils/start-app.js';
import { connectTestRedis, deleteKeys, TEST_REDIS_URL, uniquePrefix } from './utils/test-redis.js';

/** More notifications than the hub lets wait unstored, so batching and backpressure both take part. */
const STEPS = 3_000;

@Injectable()
class BurstTools {
  @McpTool({ description: 'Reports many progress steps as fast as it can, logs once, then answers' })
  async burst(@McpCtx() ctx: McpContext) {
    for (let step = 1; step <= STEPS; step += 1) await ctx.reportProgress(step, STEPS);
    await ctx.log('info', 'after the burst');
    return 'done';
  }
}

describe.each([
  ['memory', false],
  ['Redis', true],
])('a burst of progress notifications (%s mode)', (_mode, withRedis) => {
  const keyPrefix = uniquePrefix('burst');
  let redis: Redis | undefined;
  let running: RunningApp;

  beforeAll(async () => {
    if (withRedis) redis = await connectTestRedis();
    running = await startApp({
      imports: [
        McpModule.forRoot({ name: 'burst', streams: { maxBufferedBytes: 64 * 1024 * 1024 } }),
        // The burst is about order, not faults: a loaded CI machine may keep a command longer than the 1 s default.
        ...(withRedis ? [McpRedisModule.forRoot({ url: TEST_REDIS_URL, keyPrefix, options: { commandTimeout: 10_000 } })] : []),
      ],
      providers: [BurstTools],
    });
  });

  afterAll(async () => {
    await running?.close();
    if (redis) {
      await deleteKeys(redis, keyPrefix);
      await redis.quit();
    }
  });

  it('arrives whole and in order, the log and the result after it', async () => {
    const client = await running.connect();
    await client.setLoggingLevel('info');
    const received: string[] = [];
    client.setNotificationHandler((await import('@modelcontextprotocol/sdk/types.js')).LoggingMessageNotificationSchema, (notification) => {
      received.push(`log:${String(notification.params.data)}`);
    });
    const result = await client.callTool({ name: 'burst', arguments: {} }, undefined, {
      onprogress: ({ progress }) => received.push(`progress:${progress}`),
    });
    received.push('result');
    expect(result.content).toEqual([{ type: 'text', text: 'done' }]);
    expect(received).toEqual([...Array.from({ length: STEPS }, (_, index) => `progress:${index + 1}`), 'log:after the burst', 'result']);
  });
});

import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { McpEventStore, McpMessageBus, McpModule, McpSessionStore, McpTaskStore } from 'nestjs-mcp';
import { McpRedisModule, RedisEventStore, RedisMessageBus, RedisSessionStore, RedisTaskStore } from 'nestjs-mcp/redis';
import { sessionIdOf } from '../utils/sdk-client.js';
import { startApp } from '../utils/start-app.js';
import { ScaledTools } from './fixtures/scaled-app.module.js';
import { freePort } from './utils/private-redis.js';
import { connectTestRedis, deleteKeys, TEST_REDIS_URL, uniquePrefix } from './utils/test-redis.js';

describe('McpRedisModule', () => {
  const keyPrefix = uniquePrefix('module');
  let redis: Redis;

  beforeAll(async () => {
    redis = await connectTestRedis();
  });

  afterAll(async () => {
    if (!redis) return;
    await deleteKeys(redis, keyPrefix);
    await redis.quit();
  });

  it('replaces every in-memory store, so sessions and streams live in Redis under the prefix', async () => {
    const running = await startApp({
      imports: [McpModule.forRoot({ name: 'redis-module' }), McpRedisModule.forRoot({ url: TEST_REDIS_URL, keyPrefix })],
      providers: [ScaledTools],
    });
    try {
      expect(running.app.get(McpSessionStore)).toBeInstanceOf(RedisSessionStore);
      expect(running.app.get(McpEventStore)).toBeInstanceOf(RedisEventStore);
      expect(running.app.get(McpMessageBus)).toBeInstanceOf(RedisMessageBus);
      expect(running.app.get(McpTaskStore)).toBeInstanceOf(RedisTaskStore);
      const client = await running.connect();
      const progress: number[] = [];
      await client.callTool({ name: 'progress', arguments: {} }, undefined, { onprogress: ({ progress: value }) => progress.push(value) });
      expect(progress).toEqual([1, 2, 3, 4, 5]);
      const sessionKey = `${keyPrefix}{sessions}session:${sessionIdOf(client)}`;
      const stored = await redis.hgetall(sessionKey);
      expect(stored.initialized).toBe('1');
      expect(JSON.parse(stored.fixed!)).toMatchObject({ clientInfo: { name: 'nestjs-mcp-tests' } });
      const ttl = await redis.pttl(sessionKey);
      expect(ttl).toBeGreaterThan(29 * 60_000);
      expect(ttl).toBeLessThanOrEqual(30 * 60_000);
      expect((await redis.keys(`${keyPrefix}stream:*`)).length).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  });

  it('takes its options from a factory with forRootAsync', async () => {
    const running = await startApp({
      imports: [
        McpModule.forRoot({ name: 'redis-async' }),
        McpRedisModule.forRootAsync({ useFactory: async () => ({ url: TEST_REDIS_URL, keyPrefix }) }),
      ],
      providers: [ScaledTools],
    });
    try {
      const client = await running.connect();
      expect((await client.callTool({ name: 'whoami', arguments: {} })).content).toEqual([{ type: 'text', text: 'in-process' }]);
      expect(await redis.exists(`${keyPrefix}{sessions}session:${sessionIdOf(client)}`)).toBe(1);
    } finally {
      await running.close();
    }
  });

  it('uses a client it is given and leaves it open at shutdown', async () => {
    const shared = new Redis(TEST_REDIS_URL);
    try {
      const running = await startApp({
        imports: [McpModule.forRoot({ name: 'redis-shared' }), McpRedisModule.forRoot({ client: shared, keyPrefix })],
        providers: [ScaledTools],
      });
      const client = await running.connect();
      await client.callTool({ name: 'progress', arguments: {} });
      await running.close();
      expect(shared.status).toBe('ready');
      expect(await shared.ping()).toBe('PONG');
    } finally {
      await shared.quit();
    }
  });

  it('fails at startup, fast, naming the address (password hidden) when Redis does not answer', async () => {
    const port = await freePort();
    const started = Date.now();
    const compiling = Test.createTestingModule({
      imports: [McpModule.forRoot(), McpRedisModule.forRoot({ url: `redis://:s3cret@127.0.0.1:${port}/2` })],
    }).compile();
    await expect(compiling).rejects.toThrow(`McpRedisModule cannot connect to Redis at "redis://:***@127.0.0.1:${port}/2"`);
    await expect(compiling).rejects.toThrow(/\(connect ECONNREFUSED [^)]+\)\. Check that Redis is running/);
    await expect(compiling).rejects.not.toThrow('s3cret');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('tells the developer to import McpModule when it is missing', async () => {
    const compiling = Test.createTestingModule({ imports: [McpRedisModule.forRoot({ url: TEST_REDIS_URL, keyPrefix })] }).compile();
    await expect(compiling).rejects.toThrow('Import McpModule.forRoot()');
  });
});

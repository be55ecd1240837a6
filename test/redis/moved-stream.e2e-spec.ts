import 'reflect-metadata';
import { McpModule, McpRegistry } from 'nestjs-mcp';
import { McpRedisModule } from 'nestjs-mcp/redis';
import { openGet, openSession, SseReader } from '../utils/raw-mcp.js';
import { startApp, type RunningApp } from '../utils/start-app.js';
import { connectTestRedis, deleteKeys, TEST_REDIS_URL, uniquePrefix } from './utils/test-redis.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a GET stream that moves to another instance', () => {
  const keyPrefix = uniquePrefix('moved');
  let a: RunningApp;
  let b: RunningApp;
  beforeAll(async () => {
    const app = () => startApp({ imports: [McpModule.forRoot({ name: 'moved' }), McpRedisModule.forRoot({ url: TEST_REDIS_URL, keyPrefix })] });
    [a, b] = await Promise.all([app(), app()]);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    const redis = await connectTestRedis();
    await deleteKeys(redis, keyPrefix);
    redis.disconnect();
  });

  it('receives each broadcast once after reconnecting on the other instance', async () => {
    const sessionId = await openSession(a.mcpUrl);
    const onA = new SseReader(await openGet(a.mcpUrl, sessionId));
    const priming = await onA.next();
    await onA.cancel();
    await sleep(50);
    const onB = new SseReader(await openGet(b.mcpUrl, sessionId, priming!.id));
    await sleep(100);
    a.app.get(McpRegistry).addTool({ name: 'only_on_a', handler: () => 'a' });
    const seen: string[] = [];
    const reading = (async () => {
      for (let event = await onB.next(); event; event = await onB.next()) if (event.data) seen.push(JSON.parse(event.data).method);
    })();
    await sleep(300);
    await onB.cancel();
    await reading.catch(() => undefined);
    expect(seen).toEqual(['notifications/tools/list_changed']);
  });
});

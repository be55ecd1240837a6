import 'reflect-metadata';
import { Redis } from 'ioredis';
import { McpModule, McpRegistry } from 'nestjs-mcp';
import { McpRedisModule } from 'nestjs-mcp/redis';
import { openGet, openSession, SseReader } from '../utils/raw-mcp.js';
import { startApp, type RunningApp } from '../utils/start-app.js';
import { PrivateRedis } from './utils/private-redis.js';

const SESSIONS = 50;

/**
 * What one broadcast costs in Redis: a list change reaching 50 sessions' GET streams is a handful of commands the
 * app sends (read the members, append to every member's log in one script, publish), not some per session. The
 * app's command client counts what it sends; keep-alive renewals are pushed past the test's length.
 */
describe('a broadcast to many sessions on Redis', () => {
  let redis: PrivateRedis;
  let client: Redis;
  let sent = 0;
  let running: RunningApp;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    client = new Redis(redis.url);
    const sendCommand = client.sendCommand.bind(client);
    client.sendCommand = (...args: Parameters<Redis['sendCommand']>) => {
      sent += 1;
      return sendCommand(...args);
    };
    running = await startApp({
      imports: [
        McpModule.forRoot({ name: 'broadcast-cost', streams: { keepAliveMs: 600_000 } }),
        McpRedisModule.forRoot({ client, keyPrefix: 'cost:' }),
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await running?.close();
    client?.disconnect();
    await redis?.stop();
  });

  it('stores a list change for 50 GET streams in a few commands, and each stream gets it once', async () => {
    const readers: SseReader[] = [];
    for (let index = 0; index < SESSIONS; index += 1) {
      const sessionId = await openSession(running.mcpUrl);
      const reader = new SseReader(await openGet(running.mcpUrl, sessionId));
      await reader.next();
      readers.push(reader);
    }
    const registry = running.app.get(McpRegistry);
    // The first broadcast also loads its scripts into Redis.
    registry.addTool({ name: 'first_tool', handler: () => 'first' });
    await Promise.all(readers.map((reader) => reader.next()));
    const before = sent;
    registry.addTool({ name: 'late_tool', handler: () => 'late' });
    const received = await Promise.all(readers.map((reader) => reader.next()));
    const commands = sent - before;

    expect(received.map((event) => JSON.parse(event!.data).method)).toEqual(readers.map(() => 'notifications/tools/list_changed'));
    expect(new Set(received.map((event) => event!.id!.slice(0, event!.id!.lastIndexOf('.')))).size).toBe(SESSIONS);
    // The members, one script appending to all 50 logs, one publication for the GET streams, one for listen streams.
    expect(commands).toBe(4);
    await Promise.all(readers.map((reader) => reader.cancel()));
  }, 60_000);
});

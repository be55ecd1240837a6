import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { McpCtx, McpEventStore, McpModule, McpTool, type McpContext } from 'nestjs-mcp';
import { StreamHub } from '../lib/transport/streaming/stream-hub.js';
import type { MemoryEventStore } from '../lib/stores/memory/memory-event.store.js';
import { openGet, openSession, post, SseReader } from './utils/raw-mcp.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

@Injectable()
class Streamer {
  private release!: () => void;
  private gate = new Promise<void>((resolve) => (this.release = resolve));

  @McpTool({ description: 'Streams a log line, then waits for the gate' })
  async hold(@McpCtx() ctx: McpContext) {
    await ctx.log('info', 'holding');
    await this.gate;
    return 'released';
  }

  open(): void {
    this.release();
    this.gate = new Promise<void>((resolve) => (this.release = resolve));
  }
}

const callHold = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'hold', arguments: {} } });

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);

  describe('stream limits', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({
        imports: [McpModule.forRoot({ name: 'limits', streams: { maxStreamsPerSession: 2, maxStoredStreams: 20 } })],
        providers: [Streamer],
      });
    });
    afterAll(() => running.close());

    it('answers 429 with a JSON-RPC error when a session opens too many streams, and keeps serving', async () => {
      const sessionId = await openSession(running.mcpUrl);
      const first = await post(running.mcpUrl, sessionId, callHold(1));
      const second = await post(running.mcpUrl, sessionId, callHold(2));
      expect([first.status, second.status]).toEqual([200, 200]);
      const third = await post(running.mcpUrl, sessionId, callHold(3));
      expect(third.status).toBe(429);
      expect(await third.json()).toMatchObject({ id: 3, error: { code: -32000, message: expect.stringContaining('open streams') } });
      running.app.get(Streamer).open();
      await new SseReader(first).until((data) => data.id === 1);
      await new SseReader(second).until((data) => data.id === 2);
      const ping = await post(running.mcpUrl, sessionId, { jsonrpc: '2.0', id: 4, method: 'ping' });
      expect(await ping.json()).toEqual({ jsonrpc: '2.0', id: 4, result: {} });
    });

    it('keeps memory bounded when many streams are opened and abandoned', async () => {
      const store = running.app.get(McpEventStore) as MemoryEventStore;
      const hub = running.app.get(StreamHub);
      for (let round = 0; round < 60; round += 1) {
        const sessionId = await openSession(running.mcpUrl);
        const controller = new AbortController();
        const get = await openGet(running.mcpUrl, sessionId, undefined, controller.signal);
        await new SseReader(get).next();
        controller.abort();
        const call = new SseReader(await post(running.mcpUrl, sessionId, callHold(1)));
        await call.next();
        await call.cancel();
      }
      running.app.get(Streamer).open();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(store.size).toBeLessThanOrEqual(20);
      expect(hub.openStreams).toBe(0);
    });
  });
});

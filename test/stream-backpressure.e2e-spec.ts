import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { McpCtx, McpEventStore, McpModule, McpRegistry, McpTool, type McpContext } from 'nestjs-mcp';
import type { MemoryEventStore } from '../lib/stores/memory/memory-event.store.js';
import { StreamHub } from '../lib/transport/streaming/stream-hub.js';
import { openGet, openSession, post, SseReader } from './utils/raw-mcp.js';
import { stalledRequest } from './utils/stalled-socket.js';
import { statelessHeaders, statelessMeta, statelessRequest } from './utils/stateless.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

const BURST = 20_000;
const FLOOD = 2_000;
const BIG = 'x'.repeat(16 * 1024);

@Injectable()
class Producer {
  private floodWaiters: Array<() => void> = [];
  private release!: () => void;
  private gate = new Promise<void>((resolve) => (this.release = resolve));

  @McpTool({ description: 'Sends many progress notifications as fast as it can' })
  async burst(@McpCtx() ctx: McpContext) {
    for (let progress = 1; progress <= BURST; progress += 1) await ctx.reportProgress(progress, BURST);
    return 'burst done';
  }

  @McpTool({ description: 'Sends large progress notifications' })
  async flood(@McpCtx() ctx: McpContext) {
    for (let progress = 1; progress <= FLOOD; progress += 1) await ctx.reportProgress(progress, FLOOD, BIG);
    for (const waiter of this.floodWaiters.splice(0)) waiter();
    return 'flooded';
  }

  @McpTool({ description: 'Streams a progress notification, then waits for the gate' })
  async hold(@McpCtx() ctx: McpContext) {
    await ctx.reportProgress(1, 2);
    await this.gate;
    return 'released';
  }

  /** Resolves when the next flood has sent everything. */
  flooded(): Promise<void> {
    return new Promise((resolve) => this.floodWaiters.push(resolve));
  }

  open(): void {
    this.release();
    this.gate = new Promise<void>((resolve) => (this.release = resolve));
  }
}

const withProgress = (id: number, name: string) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: {}, _meta: { progressToken: id } },
});

async function settle(condition: () => boolean, rounds = 2_000): Promise<void> {
  for (let round = 0; round < rounds && !condition(); round += 1) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);

  describe('backpressure with a reading client', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({
        imports: [McpModule.forRoot({ name: 'pace', streams: { maxBufferedBytes: 64 * 1024 } })],
        providers: [Producer],
      });
    });
    afterAll(() => running.close());

    it('delivers every one of 20,000 progress notifications and the result to a reading SDK client', async () => {
      const client = await running.connect();
      const seen: number[] = [];
      const result = await client.callTool({ name: 'burst', arguments: {} }, undefined, {
        onprogress: (progress) => seen.push(progress.progress),
        timeout: 120_000,
      });
      expect(result.content).toEqual([{ type: 'text', text: 'burst done' }]);
      expect(seen).toHaveLength(BURST);
      expect(seen.at(-1)).toBe(BURST);
    }, 90_000);

    it('delivers every one of 20,000 progress notifications and the result on the stateless wire', async () => {
      const params = { name: 'burst', arguments: {}, _meta: { ...statelessMeta(), progressToken: 'p' } };
      const answer = await statelessRequest(running.mcpUrl, 'tools/call', params, { meta: null });
      expect(answer.contentType).toContain('text/event-stream');
      const messages = answer.body as Array<Record<string, any>>;
      expect(messages.filter((message) => message.method === 'notifications/progress')).toHaveLength(BURST);
      expect(messages.at(-1)).toMatchObject({ id: 1, result: { content: [{ type: 'text', text: 'burst done' }] } });
    }, 90_000);

  });

  describe('backpressure with a client that stopped reading', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({
        imports: [McpModule.forRoot({ name: 'stall', streams: { maxBufferedBytes: 64 * 1024, drainTimeoutMs: 300 }, session: { maxSubscriptionUriLength: 32 * 1024 } })],
        providers: [Producer],
      });
    });
    afterAll(() => running.close());

    it('drops a stateful stream whose client stopped reading, and the tool still finishes', async () => {
      const sessionId = await openSession(running.mcpUrl);
      const flooded = running.app.get(Producer).flooded();
      const stalled = await stalledRequest(
        running.mcpUrl,
        'POST',
        { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
        JSON.stringify(withProgress(7, 'flood')),
      );
      await flooded;
      const received = await stalled.readAll();
      expect(received).toContain('200 OK');
      expect(received).not.toContain('"result"');
    });

    it('drops a stateless SSE response whose client stopped reading', async () => {
      const flooded = running.app.get(Producer).flooded();
      const params = { name: 'flood', arguments: {}, _meta: { ...statelessMeta(), progressToken: 'f' } };
      const stalled = await stalledRequest(
        running.mcpUrl,
        'POST',
        statelessHeaders('tools/call', params),
        JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params }),
      );
      await flooded;
      const received = await stalled.readAll();
      expect(received).toContain('200 OK');
      expect(received).not.toContain('"result"');
    });

    it('counts a subscriptions/listen stream as open and drops it when its client stops reading', async () => {
      const hub = running.app.get(StreamHub);
      const before = hub.openStreams;
      const uri = `big://resource/${'u'.repeat(16 * 1024)}`;
      const params = { notifications: { resourceSubscriptions: [uri] }, _meta: statelessMeta() };
      const stalled = await stalledRequest(
        running.mcpUrl,
        'POST',
        statelessHeaders('subscriptions/listen', params),
        JSON.stringify({ jsonrpc: '2.0', id: 'listen', method: 'subscriptions/listen', params }),
      );
      await settle(() => hub.openStreams === before + 1);
      expect(hub.openStreams).toBe(before + 1);
      const registry = running.app.get(McpRegistry);
      for (let batch = 0; batch < 400 && hub.openStreams > before; batch += 1) {
        for (let update = 0; update < 20; update += 1) registry.notifyResourceUpdated(uri);
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(hub.openStreams).toBe(before);
      await stalled.readAll();
    });
  });

  describe('stream capacity', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({
        imports: [McpModule.forRoot({ name: 'capacity', streams: { maxStoredStreams: 3 } })],
        providers: [Producer],
      });
    });
    afterAll(() => running.close());

    it('never evicts the log of a live stream: a new stream is refused with 503 and Retry-After, the live ones finish', async () => {
      const sessionId = await openSession(running.mcpUrl);
      const live = await Promise.all([1, 2, 3].map((id) => post(running.mcpUrl, sessionId, withProgress(id, 'hold'))));
      const readers = live.map((response) => new SseReader(response));
      for (const reader of readers) await reader.next();
      const refused = await post(running.mcpUrl, sessionId, withProgress(4, 'hold'));
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', id: 4, error: { code: -32000, message: expect.stringContaining('Retry later') } });
      running.app.get(Producer).open();
      for (const [index, reader] of readers.entries()) {
        const events = await reader.until((data) => data.id === index + 1);
        expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ id: index + 1, result: { content: [{ type: 'text', text: 'released' }] } });
      }
      const next = await post(running.mcpUrl, sessionId, withProgress(5, 'hold'));
      expect(next.status).toBe(200);
      running.app.get(Producer).open();
      await new SseReader(next).until((data) => data.id === 5);
    });

    it('refuses a GET stream with 503 when the store is full of live streams', async () => {
      const sessionId = await openSession(running.mcpUrl);
      const live = await Promise.all([1, 2, 3].map((id) => post(running.mcpUrl, sessionId, withProgress(id, 'hold'))));
      const readers = live.map((response) => new SseReader(response));
      for (const reader of readers) await reader.next();
      const get = await openGet(running.mcpUrl, sessionId);
      expect(get.status).toBe(503);
      expect(get.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await get.json()).toMatchObject({ error: { code: -32000 } });
      running.app.get(Producer).open();
      for (const [index, reader] of readers.entries()) await reader.until((data) => data.id === index + 1);
      // The refused GET held no lease: once the calls' streams have ended, the session opens its GET stream.
      const retried = await openGet(running.mcpUrl, sessionId);
      expect(retried.status).toBe(200);
      await retried.body?.cancel();
    });
  });

  describe('listen streams in the open-stream cap', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({ imports: [McpModule.forRoot({ name: 'cap', streams: { maxOpenStreams: 1 } })] });
    });
    afterAll(() => running.close());

    it('stores nothing when a session that never opened a GET stream is deleted', async () => {
      const store = running.app.get(McpEventStore) as MemoryEventStore;
      const sessionId = await openSession(running.mcpUrl);
      const before = store.size;
      const deleted = await fetch(running.mcpUrl, {
        method: 'DELETE',
        headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
      });
      expect(deleted.status).toBe(204);
      expect(store.size).toBe(before);
    });

    it('refuses a second stream with 503, Retry-After and a JSON-RPC error while a listen stream is open', async () => {
      const params = { notifications: { toolsListChanged: true }, _meta: statelessMeta() };
      const controller = new AbortController();
      const listen = await fetch(running.mcpUrl, {
        method: 'POST',
        signal: controller.signal,
        headers: statelessHeaders('subscriptions/listen', params),
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscriptions/listen', params }),
      });
      await new SseReader(listen).next();
      const second = await statelessRequest(running.mcpUrl, 'subscriptions/listen', { notifications: { toolsListChanged: true } }, { id: 2 });
      expect(second.status).toBe(503);
      expect(second.body).toMatchObject({ id: 2, error: { code: -32000 } });
      const sessionId = await openSession(running.mcpUrl);
      const get = await openGet(running.mcpUrl, sessionId);
      expect(get.status).toBe(503);
      expect(get.headers.get('retry-after')).toMatch(/^\d+$/);
      await get.text();
      controller.abort();
      await settle(() => running.app.get(StreamHub).openStreams === 0);
      const again = await openGet(running.mcpUrl, sessionId);
      expect(again.status).toBe(200);
      await again.body?.cancel();
    });
  });
});

import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { connect } from 'node:net';
import { McpCtx, McpModule, McpTool, type McpContext } from 'nestjs-mcp';
import { ShutdownDrain } from '../lib/lifecycle/shutdown-drain.js';
import { openSession, post, SseReader } from './utils/raw-mcp.js';
import { statelessHeaders, statelessMeta } from './utils/stateless.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

@Injectable()
class Waiter {
  private release!: () => void;
  private gate = new Promise<void>((resolve) => (this.release = resolve));

  @McpTool({ description: 'Streams a progress notification, then waits for the gate' })
  async hold(@McpCtx() ctx: McpContext) {
    await ctx.reportProgress(1, 2);
    await this.gate;
    return 'released';
  }

  @McpTool({ description: 'Streams a progress notification, then never finishes' })
  async stuck(@McpCtx() ctx: McpContext) {
    await ctx.reportProgress(1, 2);
    await new Promise(() => undefined);
  }

  open(): void {
    this.release();
  }
}

const call = (id: number, name: string) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {}, _meta: { progressToken: id } } });
const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };

/** Sends `head` and the first bytes of a body on a raw socket, then nothing; resolves with what the server answered. */
function slowUpload(url: URL, declared: number, sent: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(
        `POST ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\n` +
          `accept: application/json, text/event-stream\r\ncontent-length: ${declared}\r\n\r\n${sent}`,
      );
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.once('error', reject);
  });
}

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);

  describe('request edges', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({ imports: [McpModule.forRoot({ name: 'edges', maxBodyBytes: 1024 * 1024, bodyReadTimeoutMs: 300 })] });
    });
    afterAll(() => running.close());

    it('answers every oversized upload with 413, Retry-After and a JSON-RPC error, never a broken pipe', async () => {
      const body = JSON.stringify({ ...ping, params: { padding: 'p'.repeat(3 * 1024 * 1024) } });
      for (let attempt = 0; attempt < 25; attempt += 1) {
        const response = await fetch(running.mcpUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body,
        });
        expect(response.status).toBe(413);
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await response.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32000, message: expect.stringContaining('"maxBodyBytes"') } });
      }
    });

    it('answers a body that does not arrive within bodyReadTimeoutMs with 408 and a JSON-RPC error, and closes', async () => {
      const answer = await slowUpload(running.mcpUrl, 1_000, '{"jsonrpc":"2.0",');
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(answer).toContain('bodyReadTimeoutMs');
      expect(answer).toContain('"jsonrpc":"2.0"');
    });

    it('answers 406 with a JSON-RPC error when Accept admits neither JSON nor SSE', async () => {
      for (const accept of ['text/html', 'application/json;q=0, text/event-stream;q=0', 'image/*']) {
        const response = await fetch(running.mcpUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept },
          body: JSON.stringify(ping),
        });
        expect(response.status).toBe(406);
        expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringContaining('Accept') } });
      }
      for (const accept of ['*/*', 'application/json', 'text/event-stream', 'application/*;q=0.5']) {
        const response = await fetch(running.mcpUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: {} }),
        });
        expect(response.status).not.toBe(406);
        await response.text();
      }
    });

    it('answers 415 with a JSON-RPC error when a body comes without a JSON Content-Type', async () => {
      const response = await fetch(running.mcpUrl, {
        method: 'POST',
        headers: { accept: 'application/json, text/event-stream', 'content-type': '' },
        body: new Uint8Array(Buffer.from(JSON.stringify(ping))),
      });
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ error: { code: -32000, message: expect.stringContaining('Content-Type') } });
    });
  });

  describe('graceful shutdown', () => {
    it('refuses new requests with 503, lets running calls finish, and ends the others with a JSON-RPC error', async () => {
      const running = await startApp({
        imports: [McpModule.forRoot({ name: 'shutdown', shutdown: { graceMs: 400 } })],
        providers: [Waiter],
      });
      const sessionId = await openSession(running.mcpUrl);
      const finishing = new SseReader(await post(running.mcpUrl, sessionId, call(1, 'hold')));
      const stuck = new SseReader(await post(running.mcpUrl, sessionId, call(2, 'stuck')));
      await finishing.next();
      await stuck.next();
      const listenParams = { notifications: { toolsListChanged: true }, _meta: statelessMeta() };
      const listen = new SseReader(
        await fetch(running.mcpUrl, {
          method: 'POST',
          headers: statelessHeaders('subscriptions/listen', listenParams),
          body: JSON.stringify({ jsonrpc: '2.0', id: 'sub', method: 'subscriptions/listen', params: listenParams }),
        }),
      );
      await listen.next();

      const drain = running.app.get(ShutdownDrain);
      const closing = running.app.close();
      for (let round = 0; round < 1_000 && !drain.draining; round += 1) await new Promise((resolve) => setImmediate(resolve));
      const refused = await post(running.mcpUrl, sessionId, { jsonrpc: '2.0', id: 3, method: 'ping' });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await refused.json()).toMatchObject({ error: { code: -32000, message: expect.stringContaining('shutting down') } });

      running.app.get(Waiter).open();
      const finished = await finishing.until((data) => data.id === 1);
      expect(JSON.parse(finished.at(-1)!.data)).toMatchObject({ id: 1, result: { content: [{ type: 'text', text: 'released' }] } });
      const ended = await stuck.until((data) => data.id === 2);
      expect(JSON.parse(ended.at(-1)!.data)).toMatchObject({ id: 2, error: { code: -32000 } });
      const unsubscribed = await listen.until((data) => data.id === 'sub');
      expect(JSON.parse(unsubscribed.at(-1)!.data)).toMatchObject({ id: 'sub', error: { code: -32000 } });
      await closing;
    });
  });
});

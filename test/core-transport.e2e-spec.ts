import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { McpModule, McpTool } from 'nestjs-mcp';
import { rawRequest } from './utils/raw-http.js';
import { RawMcpSession, rawInitialize } from './utils/raw-mcp-session.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

@Injectable()
class EchoTool {
  @McpTool({ description: 'Echoes its text' })
  echo() {
    return 'echo';
  }
}

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);

  describe('2025-11-25 transport: bad input gets the spec error and loses nothing', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({
        imports: [McpModule.forRoot({ name: 'transport', maxBodyBytes: 200_000, session: { idleTimeoutMs: 300, maxSessions: 50 } })],
        providers: [EchoTool],
      });
    });
    afterAll(() => running.close());

    async function stillServes(): Promise<void> {
      const session = await RawMcpSession.open(running.mcpUrl);
      const ping = await session.request('ping');
      expect(ping.json()).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    }

    it('negotiates versions and issues a visible-ASCII session id', async () => {
      for (const [asked, answered] of [['2025-11-25', '2025-11-25'], ['2025-06-18', '2025-06-18'], ['2025-03-26', '2025-03-26'], ['1999-01-01', '2025-11-25']]) {
        const response = await rawInitialize(running.mcpUrl, asked);
        expect(response.status).toBe(200);
        expect(response.json().result.protocolVersion).toBe(answered);
        expect(response.headers['mcp-protocol-version']).toBe(answered);
        expect(String(response.headers['mcp-session-id'])).toMatch(/^[\x21-\x7E]{20,}$/);
      }
    });

    it.each([
      ['malformed JSON', '{"jsonrpc": "2.0", "id": 1, "method": ', 400, -32700, null],
      ['an empty body', '', 400, -32700, null],
      ['a batch', [{ jsonrpc: '2.0', id: 1, method: 'ping' }], 400, -32600, null],
      ['a message without jsonrpc', { id: 7, method: 'ping' }, 400, -32600, 7],
      ['a method that is not a string', { jsonrpc: '2.0', id: 8, method: 42 }, 400, -32600, 8],
    ])('answers %s with HTTP %i and %i', async (_label, body, status, code, id) => {
      const session = await RawMcpSession.open(running.mcpUrl);
      const response = await session.post(body);
      expect(response.status).toBe(status);
      expect(response.json()).toMatchObject({ jsonrpc: '2.0', id, error: { code, message: expect.any(String) } });
      await stillServes();
    });

    it('answers unknown methods with -32601 and unknown tools with -32602, echoing the id', async () => {
      const session = await RawMcpSession.open(running.mcpUrl);
      expect((await session.request('no/such/method')).json()).toMatchObject({ id: 1, error: { code: -32601 } });
      const unknownTool = (await session.request('tools/call', { name: 'nope', arguments: {} })).json();
      expect(unknownTool).toMatchObject({ id: 2, error: { code: -32602, message: expect.stringContaining('tools/list') } });
    });

    it('answers ping and logging/setLevel with exactly {}', async () => {
      const session = await RawMcpSession.open(running.mcpUrl);
      expect((await session.request('ping')).json().result).toEqual({});
      expect((await session.request('logging/setLevel', { level: 'warning' })).json().result).toEqual({});
      expect((await session.request('logging/setLevel', { level: 'loud' })).json().error.code).toBe(-32602);
    });

    it('requires the session: missing → 400, unknown → 404, deleted → 404', async () => {
      const missing = await rawRequest(running.mcpUrl, { body: { jsonrpc: '2.0', id: 1, method: 'tools/list' } });
      expect(missing.status).toBe(400);
      expect(missing.json().error.message).toContain('Mcp-Session-Id');
      const unknown = await rawRequest(running.mcpUrl, {
        headers: { 'mcp-session-id': 'made-up', 'mcp-protocol-version': '2025-11-25' },
        body: { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      });
      expect(unknown.status).toBe(404);
      expect(unknown.json()).toMatchObject({ id: 2, error: { code: -32001 } });
      const session = await RawMcpSession.open(running.mcpUrl);
      expect((await session.delete()).status).toBe(204);
      expect((await session.request('tools/list')).status).toBe(404);
      expect((await session.delete()).status).toBe(404);
    });

    it('allows only ping before notifications/initialized', async () => {
      const session = await RawMcpSession.open(running.mcpUrl, { initialized: false });
      expect((await session.request('ping')).json().result).toEqual({});
      const early = await session.request('tools/list');
      expect(early.status).toBe(400);
      expect(early.json().error.code).toBe(-32002);
      await session.notify('notifications/initialized');
      expect((await session.request('tools/list')).json().result.tools).toHaveLength(1);
    });

    it('refuses an unsupported MCP-Protocol-Version header', async () => {
      const session = await RawMcpSession.open(running.mcpUrl);
      const response = await session.request('ping', undefined, { 'mcp-protocol-version': '1999-01-01' });
      expect(response.status).toBe(400);
    });

    it('answers 202 to notifications and client responses', async () => {
      const session = await RawMcpSession.open(running.mcpUrl);
      expect((await session.notify('notifications/roots/list_changed')).status).toBe(202);
      expect((await session.post({ jsonrpc: '2.0', id: 'srv-1', result: {} })).status).toBe(202);
    });

    it('takes bodies over the app body-parser limit and refuses those over maxBodyBytes with 413', async () => {
      const session = await RawMcpSession.open(running.mcpUrl);
      const big = await session.request('ping', { _meta: { padding: 'x'.repeat(150_000) } });
      expect(big.json().result).toEqual({});
      const tooBig = await session.request('ping', { _meta: { padding: 'x'.repeat(250_000) } });
      expect(tooBig.status).toBe(413);
      expect(tooBig.json().error.message).toContain('maxBodyBytes');
      await stillServes();
    });

    it('opens the GET stream once per session, and wants text/event-stream', async () => {
      const session = await RawMcpSession.open(running.mcpUrl);
      const noAccept = await rawRequest(running.mcpUrl, { method: 'GET', headers: { ...session.sessionHeaders, accept: 'application/json' } });
      expect(noAccept.status).toBe(406);
      const controller = new AbortController();
      const first = await fetch(running.mcpUrl, { headers: { ...session.sessionHeaders, accept: 'text/event-stream' }, signal: controller.signal });
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toContain('text/event-stream');
      const second = await rawRequest(running.mcpUrl, { method: 'GET', headers: { ...session.sessionHeaders, accept: 'text/event-stream' } });
      expect(second.status).toBe(409);
      controller.abort();
    });

    it('expires idle sessions (then 404)', async () => {
      const session = await RawMcpSession.open(running.mcpUrl);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await session.request('ping')).status).toBe(404);
    });
  });

  describe('session cap', () => {
    it('answers 503 to initialize beyond session.maxSessions', async () => {
      const running = await startApp({ imports: [McpModule.forRoot({ name: 'capped', session: { maxSessions: 2 } })] });
      try {
        expect((await rawInitialize(running.mcpUrl)).status).toBe(200);
        expect((await rawInitialize(running.mcpUrl)).status).toBe(200);
        const third = await rawInitialize(running.mcpUrl);
        expect(third.status).toBe(503);
        expect(third.json().error.message).toContain('maximum number of sessions');
      } finally {
        await running.close();
      }
    });
  });
});

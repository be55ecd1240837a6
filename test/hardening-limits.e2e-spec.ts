import 'reflect-metadata';
import { Global, Injectable, Module } from '@nestjs/common';
import { MCP_STORE_OVERRIDES, McpCtx, McpModule, McpResource, McpTool, MemorySessionStore, type McpContext, type McpSession } from 'nestjs-mcp';
import { rawRequest } from './utils/raw-http.js';
import { rawInitialize, RawMcpSession } from './utils/raw-mcp-session.js';
import { statelessHeaders, statelessMeta } from './utils/stateless.js';
import { startApp, type RunningApp } from './utils/start-app.js';

let waitStarted: () => void = () => undefined;
let waitAborted: () => void = () => undefined;

@Injectable()
class LimitTools {
  @McpTool({ name: 'echo', description: 'Echoes its arguments' })
  echo(@McpCtx() ctx: McpContext) {
    return { ok: true, request: ctx.requestId };
  }

  @McpTool({ name: 'wait', description: 'Waits until cancelled' })
  wait(@McpCtx() ctx: McpContext): Promise<string> {
    return new Promise((resolve) => {
      ctx.signal.addEventListener('abort', () => {
        waitAborted();
        resolve('aborted');
      });
      waitStarted();
    });
  }

  @McpResource({ uri: 'notes://all', description: 'All notes' })
  notes() {
    return 'notes';
  }
}

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = level % 2 ? [value] : { deeper: value };
  return value;
}

/** The JSON text of {@link nested}, built without recursion. */
function nestedText(depth: number): string {
  const open: string[] = [];
  for (let level = depth - 1; level >= 0; level -= 1) open.push(level % 2 ? '[' : '{"deeper":');
  return `${open.join('')}"leaf"${open.reverse().map((token) => (token === '[' ? ']' : '}')).join('')}`;
}

describe('per-session state is bounded', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({
      imports: [McpModule.forRoot({ name: 'limits', session: { maxSubscriptions: 3, maxSubscriptionUriLength: 64, maxClientInfoBytes: 2_048 } })],
      providers: [LimitTools],
    });
  });
  afterAll(() => running.close());

  it('refuses more subscriptions than maxSubscriptions, but not a repeated one', async () => {
    const session = await RawMcpSession.open(running.mcpUrl);
    for (const uri of ['notes://1', 'notes://2', 'notes://3', 'notes://3']) {
      expect((await session.request('resources/subscribe', { uri })).json().result).toEqual({});
    }
    const refused = (await session.request('resources/subscribe', { uri: 'notes://4' })).json();
    expect(refused.error.code).toBe(-32602);
    expect(refused.error.message).toContain('already subscribes to 3 resources');
    await session.request('resources/unsubscribe', { uri: 'notes://1' });
    expect((await session.request('resources/subscribe', { uri: 'notes://4' })).json().result).toEqual({});
  });

  it('refuses a subscription URI longer than maxSubscriptionUriLength', async () => {
    const session = await RawMcpSession.open(running.mcpUrl);
    const refused = (await session.request('resources/subscribe', { uri: `notes://${'x'.repeat(100)}` })).json();
    expect(refused.error.code).toBe(-32602);
    expect(refused.error.message).toContain('at most 64');
  });

  it('refuses an initialize whose capabilities and client info exceed maxClientInfoBytes', async () => {
    const response = await rawRequest(running.mcpUrl, {
      body: {
        jsonrpc: '2.0',
        id: 'big',
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: { experimental: { blob: 'x'.repeat(4_000) } }, clientInfo: { name: 'c', version: '1' } },
      },
    });
    expect(response.status).toBe(400);
    expect(response.headers['mcp-session-id']).toBeUndefined();
    expect(response.json()).toMatchObject({ id: 'big', error: { code: -32602, message: expect.stringContaining('at most 2048') } });
  });
});

describe('uninitialized sessions cannot fill the session cap', () => {
  it('caps sessions that never send notifications/initialized separately, with Retry-After, and keeps serving initialized ones', async () => {
    const running = await startApp({
      imports: [McpModule.forRoot({ name: 'cap', session: { maxSessions: 10, maxUninitializedSessions: 2 } })],
      providers: [LimitTools],
    });
    try {
      const good = await RawMcpSession.open(running.mcpUrl);
      await RawMcpSession.open(running.mcpUrl, { initialized: false });
      await RawMcpSession.open(running.mcpUrl, { initialized: false });
      const refused = await rawInitialize(running.mcpUrl);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json()).toMatchObject({ id: 0, error: { code: -32000 } });
      expect((await good.request('tools/call', { name: 'echo' })).json().result.isError).toBeFalsy();
    } finally {
      await running.close();
    }
  });

  it('ends an uninitialized session after uninitializedTimeoutMs even while it pings', async () => {
    const running = await startApp({ imports: [McpModule.forRoot({ name: 'short', session: { uninitializedTimeoutMs: 300 } })], providers: [LimitTools] });
    try {
      const idle = await RawMcpSession.open(running.mcpUrl, { initialized: false });
      const ready = await RawMcpSession.open(running.mcpUrl);
      expect((await idle.request('ping')).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect((await idle.request('ping')).status).toBe(404);
      expect((await ready.request('ping')).status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('answers a full session cap with 503 and Retry-After', async () => {
    const running = await startApp({ imports: [McpModule.forRoot({ name: 'full', session: { maxSessions: 1 } })], providers: [LimitTools] });
    try {
      await RawMcpSession.open(running.mcpUrl);
      const refused = await rawInitialize(running.mcpUrl);
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      await running.close();
    }
  });
});

describe('nesting depth and failures outside handlers', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ imports: [McpModule.forRoot({ name: 'depth', maxJsonDepth: 32 })], providers: [LimitTools] });
  });
  afterAll(() => running.close());

  it('refuses a stateful body nested deeper than maxJsonDepth with -32600, echoing the id', async () => {
    const response = await rawRequest(running.mcpUrl, {
      body: { jsonrpc: '2.0', id: 41, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: nested(40) } },
    });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ jsonrpc: '2.0', id: 41, error: { code: -32600, message: expect.stringContaining('"maxJsonDepth"') } });
  });

  it('refuses a stateless body nested 20,000 levels deep without a RangeError or a 500', async () => {
    const params = { name: 'echo', arguments: { deep: '@' }, _meta: statelessMeta() };
    const body = JSON.stringify({ jsonrpc: '2.0', id: 'deep', method: 'tools/call', params }).replace('"@"', nestedText(20_000));
    const response = await rawRequest(running.mcpUrl, { headers: statelessHeaders('tools/call', params), body });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ id: 'deep', error: { code: -32600 } });
  });

  it('serves a body within the limit', async () => {
    const params = { name: 'echo', arguments: { deep: nested(20) }, _meta: statelessMeta() };
    const response = await rawRequest(running.mcpUrl, {
      headers: statelessHeaders('tools/call', params),
      body: { jsonrpc: '2.0', id: 1, method: 'tools/call', params },
    });
    expect(response.status).toBe(200);
    expect(response.json().result.structuredContent).toEqual({ ok: true, request: 1 });
  });
});

class FailingSessionStore extends MemorySessionStore {
  override async save(session: McpSession, idleTimeoutMs: number): Promise<void> {
    if (session.clientInfo?.name === 'oom') throw new Error('OOM command not allowed when used memory > maxmemory');
    return super.save(session, idleTimeoutMs);
  }
}

@Global()
@Module({ providers: [{ provide: MCP_STORE_OVERRIDES, useValue: { sessions: new FailingSessionStore() } }], exports: [MCP_STORE_OVERRIDES] })
class FailingStoresModule {}

describe('a store failure answers JSON-RPC', () => {
  it('turns an error thrown by a store into a -32603 internal error echoing the id, not the platform 500', async () => {
    const running = await startApp({ imports: [FailingStoresModule, McpModule.forRoot({ name: 'store' })], providers: [LimitTools] });
    try {
      const response = await rawRequest(running.mcpUrl, {
        body: { jsonrpc: '2.0', id: 'oom-1', method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'oom', version: '1' } } },
      });
      expect(response.status).toBe(500);
      expect(response.json()).toEqual({
        jsonrpc: '2.0',
        id: 'oom-1',
        error: { code: -32603, message: 'The server failed to handle the request. See the server logs.' },
      });
    } finally {
      await running.close();
    }
  });
});

describe('request ids in flight', () => {
  it('refuses a second in-flight request with the same id, and the first stays cancellable', async () => {
    const running = await startApp({ imports: [McpModule.forRoot({ name: 'ids' })], providers: [LimitTools] });
    try {
      const session = await RawMcpSession.open(running.mcpUrl);
      const started = new Promise<void>((resolve) => (waitStarted = resolve));
      const aborted = new Promise<void>((resolve) => (waitAborted = resolve));
      const first = session.post({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'wait' } }, { accept: 'application/json' });
      await started;
      const duplicate = await session.post({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'echo' } });
      expect(duplicate.status).toBe(400);
      expect(duplicate.json()).toMatchObject({ id: 7, error: { code: -32600, message: expect.stringContaining('Request id 7 is already used') } });
      await session.notify('notifications/cancelled', { requestId: 7, reason: 'test' });
      await aborted;
      await first;
    } finally {
      await running.close();
    }
  });
});

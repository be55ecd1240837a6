import { Global, Module } from '@nestjs/common';
import { MCP_STORE_OVERRIDES, McpModule, MemorySessionStore, type McpSession, type McpSessionPatch } from 'nestjs-mcp';
import { BearerGuard } from './auth/auth.fixture.js';
import { signToken } from './auth/bearer-tokens.js';
import { rawRequest } from './utils/raw-http.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

/** A memory session store that records every call reaching it (in Redis mode, each is one round trip). */
class CountingSessionStore extends MemorySessionStore {
  readonly calls: string[] = [];
  private creating = false;

  override async create(session: McpSession, idleTimeoutMs: number, maxSessions: number): Promise<boolean> {
    this.calls.push('create');
    // The memory store's create saves through `save`: one store call all the same.
    this.creating = true;
    try {
      return await super.create(session, idleTimeoutMs, maxSessions);
    } finally {
      this.creating = false;
    }
  }

  override get(id: string, idleTimeoutMs: number): Promise<McpSession | undefined> {
    this.calls.push('get');
    return super.get(id, idleTimeoutMs);
  }

  override patch(id: string, fields: McpSessionPatch, idleTimeoutMs: number): Promise<boolean> {
    this.calls.push(`patch ${JSON.stringify(fields)}`);
    return super.patch(id, fields, idleTimeoutMs);
  }

  override save(session: McpSession, idleTimeoutMs: number): Promise<void> {
    if (!this.creating) this.calls.push('save');
    return super.save(session, idleTimeoutMs);
  }
}

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1.0.0' } },
};
const INITIALIZED = { jsonrpc: '2.0', method: 'notifications/initialized' };

describe.each(PLATFORMS)('the session handshake (%s)', (platform) => {
  const start = startAppOn(platform);
  const store = new CountingSessionStore();
  let app: RunningApp;
  let alice: Record<string, string>;
  let bob: Record<string, string>;

  @Global()
  @Module({ providers: [{ provide: MCP_STORE_OVERRIDES, useValue: { sessions: store } }], exports: [MCP_STORE_OVERRIDES] })
  class CountingStoresModule {}

  beforeAll(async () => {
    app = await start({ imports: [CountingStoresModule, McpModule.forRoot({ name: 'handshake', guards: [BearerGuard] })] });
    alice = { authorization: `Bearer ${await signToken('alice', ['notes:read'])}` };
    bob = { authorization: `Bearer ${await signToken('bob', ['notes:read'])}` };
  });

  afterAll(() => app.close());

  async function initialize(headers: Record<string, string>): Promise<string> {
    const init = await rawRequest(app.mcpUrl, { headers, body: INITIALIZE });
    expect(init.status).toBe(200);
    return String(init.headers['mcp-session-id']);
  }

  function send(headers: Record<string, string>, sessionId: string, body: unknown) {
    return rawRequest(app.mcpUrl, { headers: { ...headers, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' }, body });
  }

  it('costs three store calls: initialize stores the session, notifications/initialized reads it and marks it at once', async () => {
    store.calls.length = 0;
    const sessionId = await initialize(alice);
    expect((await send(alice, sessionId, INITIALIZED)).status).toBe(202);
    expect(store.calls).toEqual(['create', 'get', 'patch {"initialized":true}']);

    const listed = await send(alice, sessionId, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect(listed.status).toBe(200);
    expect(listed.json().result).toEqual({ tools: [] });
  });

  it('lets nobody but the session owner finish its initialization', async () => {
    const sessionId = await initialize(alice);
    store.calls.length = 0;
    const stolen = await send(bob, sessionId, INITIALIZED);
    expect(stolen.status).toBe(404);
    // Bob's read re-arms the session's short deadline and marks nothing.
    expect(store.calls).toEqual(['get', 'patch {}']);

    const early = await send(alice, sessionId, { jsonrpc: '2.0', id: 3, method: 'tools/list' });
    expect(early.status).toBe(400);
    expect(early.json().error.message).toContain('before the session finished initializing');

    expect((await send(alice, sessionId, INITIALIZED)).status).toBe(202);
    expect((await send(alice, sessionId, { jsonrpc: '2.0', id: 4, method: 'tools/list' })).status).toBe(200);
  });

  it('reads an initialized session once per message and never marks it again', async () => {
    const sessionId = await initialize(alice);
    expect((await send(alice, sessionId, INITIALIZED)).status).toBe(202);
    store.calls.length = 0;
    expect((await send(alice, sessionId, INITIALIZED)).status).toBe(202);
    expect((await send(alice, sessionId, { jsonrpc: '2.0', id: 5, method: 'ping' })).status).toBe(200);
    expect(store.calls).toEqual(['get', 'get']);
  });
});

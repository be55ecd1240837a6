import { McpModule } from 'nestjs-mcp';
import { AuthNotesController, AuthToolsService, BearerGuard } from './auth/auth.fixture.js';
import { signToken } from './auth/bearer-tokens.js';
import { rawRequest, type RawResponse } from './utils/raw-http.js';
import { post, SseReader } from './utils/raw-mcp.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';
import { statelessRequest } from './utils/stateless.js';

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: { elicitation: {} }, clientInfo: { name: 'raw', version: '1.0.0' } },
};

function bearer(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function openSession(app: RunningApp, token?: string): Promise<string> {
  const init = await rawRequest(app.mcpUrl, { headers: bearer(token), body: INITIALIZE });
  expect(init.status).toBe(200);
  const sessionId = String(init.headers['mcp-session-id']);
  const done = await rawRequest(app.mcpUrl, {
    headers: { ...bearer(token), 'mcp-session-id': sessionId },
    body: { jsonrpc: '2.0', method: 'notifications/initialized' },
  });
  expect(done.status).toBe(202);
  return sessionId;
}

/** Every kind of request a session can receive, sent with `token`'s credentials (or none). */
async function everyRequest(app: RunningApp, sessionId: string, token: string | undefined): Promise<RawResponse[]> {
  const headers = { ...bearer(token), 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };
  return [
    await rawRequest(app.mcpUrl, { headers, body: { jsonrpc: '2.0', id: 5, method: 'tools/list' } }),
    await rawRequest(app.mcpUrl, { headers, body: { jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'provider_whoami', arguments: {} } } }),
    await rawRequest(app.mcpUrl, { headers, body: { jsonrpc: '2.0', id: 'server-1', result: { action: 'accept', content: { name: 'Mallory' } } } }),
    await rawRequest(app.mcpUrl, { headers, body: { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 6 } } }),
    await rawRequest(app.mcpUrl, { method: 'GET', headers: { ...headers, accept: 'text/event-stream' } }),
    await rawRequest(app.mcpUrl, { method: 'DELETE', headers }),
  ];
}

describe.each(PLATFORMS)('Sessions and requestState bound to their caller (%s)', (platform) => {
  const start = startAppOn(platform);
  let app: RunningApp;
  let alice: string;
  let aliceAgain: string;
  let bob: string;

  beforeAll(async () => {
    app = await start({
      imports: [McpModule.forRoot({ name: 'bindings', guards: [BearerGuard] })],
      controllers: [AuthNotesController],
      providers: [AuthToolsService],
    });
    alice = await signToken('alice', ['notes:read']);
    aliceAgain = await signToken('alice', ['notes:read', 'notes:write']);
    bob = await signToken('bob', ['notes:read']);
  });
  afterAll(() => app.close());

  it('refuses every request of user A\'s session from user B, or from no user, with 404', async () => {
    const sessionId = await openSession(app, alice);
    for (const token of [bob, undefined, 'not-a-jwt-but-a-credential']) {
      const answers = await everyRequest(app, sessionId, token);
      for (const answer of answers) {
        expect(answer.status).toBe(token === 'not-a-jwt-but-a-credential' ? 401 : 404);
      }
    }
    // User A is unaffected: the session still serves them, with a renewed token of the same subject too.
    const list = await rawRequest(app.mcpUrl, {
      headers: { ...bearer(aliceAgain), 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
      body: { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'provider_whoami', arguments: {} } },
    });
    expect(list.status).toBe(200);
    expect(list.text).toContain('alice');
    const ended = await rawRequest(app.mcpUrl, { method: 'DELETE', headers: { ...bearer(alice), 'mcp-session-id': sessionId } });
    expect(ended.status).toBe(204);
  });

  it('refuses another caller\'s answer to user A\'s pending elicitation and its cancellation of A\'s request; A\'s call goes on untouched', async () => {
    const sessionId = await openSession(app, alice);
    const call = await post(app.mcpUrl, sessionId, { jsonrpc: '2.0', id: 'a-call', method: 'tools/call', params: { name: 'interview', arguments: {} } }, bearer(alice));
    expect(call.headers.get('content-type')).toContain('text/event-stream');
    const stream = new SseReader(call);
    const asked = await stream.until((data) => data.method === 'elicitation/create');
    const question = JSON.parse(asked.at(-1)!.data) as { id: string | number };
    for (const token of [bob, undefined]) {
      const headers = { ...bearer(token), 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };
      const answer = await rawRequest(app.mcpUrl, { headers, body: { jsonrpc: '2.0', id: question.id, result: { action: 'accept', content: { name: 'Mallory' } } } });
      expect(answer.status).toBe(404);
      const cancel = await rawRequest(app.mcpUrl, { headers, body: { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'a-call' } } });
      expect(cancel.status).toBe(404);
    }
    const answered = await post(app.mcpUrl, sessionId, { jsonrpc: '2.0', id: question.id, result: { action: 'accept', content: { name: 'Alice' } } }, bearer(alice));
    expect(answered.status).toBe(202);
    const next = await stream.until((data) => data.method === 'elicitation/create');
    const colour = JSON.parse(next.at(-1)!.data) as { id: string | number };
    await post(app.mcpUrl, sessionId, { jsonrpc: '2.0', id: colour.id, result: { action: 'accept', content: { colour: 'green' } } }, bearer(alice));
    const done = await stream.until((data) => data.id === 'a-call');
    expect(JSON.parse(done.at(-1)!.data)).toMatchObject({ result: { content: [{ type: 'text', text: 'Alice likes green' }] } });
  });

  it('binds an anonymous session to having no credentials', async () => {
    const sessionId = await openSession(app);
    const [list] = await everyRequest(app, sessionId, bob);
    expect(list!.status).toBe(404);
    const own = await rawRequest(app.mcpUrl, { headers: { 'mcp-session-id': sessionId }, body: { jsonrpc: '2.0', id: 5, method: 'tools/list' } });
    expect(own.status).toBe(200);
  });

  it('binds a session opened with a credential no guard turned into a user to that credential', async () => {
    const init = await rawRequest(app.mcpUrl, { headers: { 'x-api-key': 'key-1' }, body: INITIALIZE });
    const sessionId = String(init.headers['mcp-session-id']);
    const initialized = await rawRequest(app.mcpUrl, { headers: { 'x-api-key': 'key-1', 'mcp-session-id': sessionId }, body: { jsonrpc: '2.0', method: 'notifications/initialized' } });
    expect(initialized.status).toBe(202);
    for (const headers of [{ 'x-api-key': 'key-2' }, {}, bearer(alice)]) {
      const answers = [
        await rawRequest(app.mcpUrl, { headers: { ...headers, 'mcp-session-id': sessionId }, body: { jsonrpc: '2.0', id: 5, method: 'tools/list' } }),
        await rawRequest(app.mcpUrl, { method: 'DELETE', headers: { ...headers, 'mcp-session-id': sessionId } }),
      ];
      expect(answers.map((answer) => answer.status)).toEqual([404, 404]);
    }
    const own = await rawRequest(app.mcpUrl, { headers: { 'x-api-key': 'key-1', 'mcp-session-id': sessionId }, body: { jsonrpc: '2.0', id: 5, method: 'tools/list' } });
    expect(own.status).toBe(200);
  });

  it('binds requestState to its caller: another user, no user or another credential cannot replay it; its own caller can retry with it', async () => {
    const capabilities = { elicitation: {} };
    const as = (token: string) => ({ capabilities, headers: bearer(token) });
    const round1 = await statelessRequest(app.mcpUrl, 'tools/call', { name: 'interview', arguments: {} }, as(alice));
    const round2 = await statelessRequest(app.mcpUrl, 'tools/call', {
      name: 'interview',
      arguments: {},
      inputResponses: { user_name: { action: 'accept', content: { name: 'Alice' } } },
      requestState: round1.body.result.requestState,
    }, as(alice));
    expect(round2.body.result).toMatchObject({ resultType: 'input_required' });
    const replayed = await statelessRequest(app.mcpUrl, 'tools/call', {
      name: 'interview',
      arguments: {},
      inputResponses: { colour: { action: 'accept', content: { colour: 'red' } } },
      requestState: round2.body.result.requestState,
    }, as(bob));
    expect(replayed.body.error).toMatchObject({ code: -32602, message: expect.stringContaining('caller') });
    for (const headers of [{}, { 'x-api-key': 'some-key' }]) {
      const stranger = await statelessRequest(app.mcpUrl, 'tools/call', {
        name: 'interview',
        arguments: {},
        inputResponses: { colour: { action: 'accept', content: { colour: 'red' } } },
        requestState: round2.body.result.requestState,
      }, { capabilities, headers });
      expect(stranger.body.error).toMatchObject({ code: -32602, message: expect.stringContaining('caller') });
    }
    // The same caller may present it again (a retry): the answers it carries stand, whatever inputResponses say.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const finished = await statelessRequest(app.mcpUrl, 'tools/call', {
        name: 'interview',
        arguments: {},
        inputResponses: { user_name: { action: 'accept', content: { name: 'Mallory' } }, colour: { action: 'accept', content: { colour: 'blue' } } },
        requestState: round2.body.result.requestState,
      }, as(aliceAgain));
      expect(finished.body.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: 'Alice likes blue' }] });
    }
  });
});

import 'reflect-metadata';
import { Controller, Get, Injectable, Query } from '@nestjs/common';
import fc from 'fast-check';
import { McpArgs, McpModule, McpPrompt, McpResource, McpTool } from 'nestjs-mcp';
import { rawRequest, type RawResponse } from './utils/raw-http.js';
import { RawMcpSession } from './utils/raw-mcp-session.js';
import { statelessMeta, STATELESS_VERSION } from './utils/stateless.js';
import { startApp, type RunningApp } from './utils/start-app.js';

@Controller('notes')
class NotesController {
  @Get()
  @McpTool({ name: 'list_notes' })
  list(@Query('tag') tag?: string) {
    return { tag: tag ?? null };
  }
}

@Injectable()
class FuzzTools {
  @McpTool({
    name: 'add',
    description: 'Adds two numbers',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  })
  add(@McpArgs() args: { a: number; b: number }) {
    return args.a + args.b;
  }

  @McpResource({ uri: 'notes://{id}', description: 'One note' })
  note(@McpArgs() args: { id: string }) {
    return `note ${args.id}`;
  }

  @McpPrompt({ name: 'greet', description: 'Greets' })
  greet() {
    return 'Hello';
  }
}

const RUNS = 200;
const METHODS = [
  'initialize', 'ping', 'tools/list', 'tools/call', 'resources/list', 'resources/read', 'resources/subscribe',
  'resources/templates/list', 'prompts/list', 'prompts/get', 'completion/complete', 'logging/setLevel',
  'server/discover', 'subscriptions/listen', 'tasks/get', 'tasks/cancel', 'tasks/result', 'tasks/list',
  'notifications/initialized', 'notifications/cancelled',
];

/** Any JSON value, nested a little. */
const json = fc.jsonValue({ maxDepth: 4 });
const id = fc.oneof(fc.integer(), fc.string({ maxLength: 12 }), fc.constant(null), fc.double(), fc.object({ maxDepth: 1 }), fc.boolean());
const method = fc.oneof(fc.constantFrom(...METHODS), fc.string({ maxLength: 20 }), fc.integer());
const toolArgs = fc.oneof(
  fc.dictionary(fc.constantFrom('a', 'b', 'tag', 'x', '__proto__', 'constructor'), json, { maxKeys: 4 }),
  json,
);
const params = fc.oneof(
  fc.record(
    {
      name: fc.oneof(fc.constantFrom('add', 'list_notes', 'greet', 'nope'), fc.string({ maxLength: 10 }), json),
      uri: fc.oneof(fc.constantFrom('notes://1', 'notes://', 'x'), fc.string({ maxLength: 30 })),
      arguments: toolArgs,
      protocolVersion: fc.oneof(fc.constantFrom('2025-11-25', '2025-06-18', STATELESS_VERSION, ''), fc.string({ maxLength: 12 })),
      capabilities: json,
      level: fc.oneof(fc.constantFrom('debug', 'info', 'bogus'), json),
      cursor: fc.oneof(fc.string({ maxLength: 20 }), json),
      requestId: id,
      taskId: fc.oneof(fc.string({ maxLength: 20 }), json),
      task: json,
      _meta: fc.oneof(fc.constant(statelessMeta()), json),
    },
    { requiredKeys: [] },
  ),
  json,
);
const message = fc.record(
  { jsonrpc: fc.oneof(fc.constant('2.0'), fc.constant('1.0'), json), id, method, params, result: json, error: json },
  { requiredKeys: [] },
);

/** The id a reply must echo: the message's own id, when it is a JSON object with a string or finite-number id. */
function readableId(body: unknown): string | number | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const value = (body as { id?: unknown }).id;
  if (typeof value === 'number' && Number.isFinite(value)) return value === 0 ? 0 : value;
  return typeof value === 'string' ? value : null;
}

/**
 * The ids an error may carry. A client's response (no method; a result or an error) is not a request, so an error
 * about it may carry its id or none.
 */
function acceptableIds(sent: unknown): (string | number | null)[] {
  const own = readableId(sent);
  const isResponse = !!sent && typeof sent === 'object' && !('method' in sent) && ('result' in sent || 'error' in sent);
  return isResponse ? [own, null] : [own];
}

/** Checks one answer: never a 500, and every error status carries a JSON-RPC error echoing the readable id. */
function assertWellFormed(response: RawResponse, sent: unknown): void {
  expect(response.status).not.toBe(500);
  const contentType = String(response.headers['content-type'] ?? '');
  if (response.status >= 400) {
    expect(contentType).toContain('application/json');
    const body = response.json();
    expect(body).toMatchObject({ jsonrpc: '2.0', error: { code: expect.any(Number), message: expect.any(String) } });
    if (body.error.code !== -32700) expect(acceptableIds(sent)).toContainEqual(body.id);
    return;
  }
  if (contentType.includes('application/json') && response.text) {
    const body = response.json();
    expect(body.jsonrpc).toBe('2.0');
    expect('result' in body || 'error' in body).toBe(true);
    if (readableId(sent) !== null) expect(acceptableIds(sent)).toContainEqual(body.id);
  }
}

describe('bad input never crashes the server or escapes JSON-RPC (property-based)', () => {
  let running: RunningApp;
  let session: RawMcpSession;

  beforeAll(async () => {
    running = await startApp({ imports: [McpModule.forRoot({ name: 'fuzz' })], controllers: [NotesController], providers: [FuzzTools] });
    session = await RawMcpSession.open(running.mcpUrl);
  });
  afterAll(() => running.close());

  const sessionHeader = fc.oneof(
    fc.constant<string | undefined>(undefined),
    fc.constant('valid'),
    fc.string({ maxLength: 40 }).filter((value) => /^[\x21-\x7e]*$/.test(value)),
  );
  const versionHeader = fc.oneof(
    fc.constant<string | undefined>(undefined),
    fc.constantFrom('2025-11-25', '2025-06-18', STATELESS_VERSION, '1999-01-01'),
    fc.string({ maxLength: 12 }).filter((value) => /^[\x21-\x7e]*$/.test(value)),
  );
  const token = fc.string({ maxLength: 20 }).filter((value) => /^[\x21-\x7e]*$/.test(value));
  const headers = fc.record(
    {
      'content-type': fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', 'multipart/form-data'),
      accept: fc.constantFrom('application/json, text/event-stream', 'application/json', 'text/event-stream', '*/*', 'text/html'),
      'mcp-session-id': sessionHeader,
      'mcp-protocol-version': versionHeader,
      'mcp-method': fc.oneof(fc.constantFrom(...METHODS), token),
      'mcp-name': fc.oneof(fc.constantFrom('add', 'list_notes', 'notes://1'), token),
    },
    { requiredKeys: ['content-type', 'accept'] },
  );

  function withSession(generated: Record<string, string | undefined>): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [name, value] of Object.entries(generated)) {
      if (value === undefined) continue;
      result[name] = name === 'mcp-session-id' && value === 'valid' ? session.id : value;
    }
    return result;
  }

  it('answers arbitrary JSON-RPC messages with arbitrary headers on both wires', async () => {
    await fc.assert(
      fc.asyncProperty(message, headers, async (sent, generated) => {
        const response = await rawRequest(running.mcpUrl, { headers: withSession(generated), body: sent });
        assertWellFormed(response, sent);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers stateless requests with valid headers and mangled params', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), params, id, async (name, generatedParams, requestId) => {
        const sent = { jsonrpc: '2.0', id: requestId, method: name, params: generatedParams };
        const response = await rawRequest(running.mcpUrl, {
          headers: { 'mcp-protocol-version': STATELESS_VERSION, 'mcp-method': name, 'mcp-name': 'add' },
          body: sent,
        });
        assertWellFormed(response, sent);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers stateful session requests with mangled params', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS.filter((name) => name !== 'initialize')), params, fc.integer({ min: 1000 }), async (name, generatedParams, requestId) => {
        const sent = { jsonrpc: '2.0', id: requestId, method: name, params: generatedParams };
        assertWellFormed(await session.post(sent, { accept: 'application/json' }), sent);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers arbitrary bodies: malformed, truncated, huge numbers, deep nesting, stray bytes', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      message.map((value) => JSON.stringify(value)).chain((text) => fc.nat(text.length).map((cut) => text.slice(0, cut))),
      fc.integer({ min: 1, max: 3_000 }).map((depth) => `{"jsonrpc":"2.0","id":5,"method":"ping","params":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}`),
      fc.integer({ min: 1, max: 20_000 }).map((depth) => `{"jsonrpc":"2.0","id":6,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"a":${'{"b":'.repeat(depth)}1${'}'.repeat(depth)}}}}`),
      fc.constantFrom('{"jsonrpc":"2.0","id":1e999,"method":"ping"}', '[]', '[{"jsonrpc":"2.0","id":1,"method":"ping"}]', 'null', '"x"', '{"__proto__":{"polluted":1},"jsonrpc":"2.0","id":1,"method":"ping"}'),
    );
    await fc.assert(
      fc.asyncProperty(body, headers, async (sent, generated) => {
        const response = await rawRequest(running.mcpUrl, { headers: withSession(generated), body: sent });
        let parsed: unknown;
        try {
          parsed = JSON.parse(Buffer.isBuffer(sent) ? sent.toString('utf8') : sent);
        } catch {
          parsed = undefined;
        }
        assertWellFormed(response, parsed);
      }),
      { numRuns: RUNS },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('still serves its session afterwards', async () => {
    const ping = await session.request('ping');
    expect(ping.status).toBe(200);
  });
});

import { ForbiddenException, Injectable, Module, UnauthorizedException, type CanActivate, type DynamicModule, type LoggerService } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { McpCtx, McpModule, McpPrompt, McpResource, McpTool, type McpAuthOptions, type McpContext, type McpPrincipal } from 'nestjs-mcp';
import { McpStdio, type McpStdioOptions, type McpStdioServer } from 'nestjs-mcp/stdio';
import { JsonLines, type Line } from './utils/json-lines.js';

@Injectable()
class ScopedTools {
  @McpTool({ description: 'Everyone' })
  open_tool(@McpCtx() ctx: McpContext) {
    return { user: (ctx.user as McpPrincipal | undefined)?.subject ?? null };
  }

  @McpTool({ description: 'Readers', scopes: ['notes:read'] })
  read_tool() {
    return 'read';
  }

  @McpTool({ description: 'Writers', scopes: ['notes:read', 'notes:write'] })
  write_tool() {
    return 'written';
  }

  @McpTool({ description: 'Runs as a task', taskSupport: 'optional' })
  async task_tool() {
    return 'task done';
  }

  @McpTool({ description: 'Asks a question' })
  async ask(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit<{ name: string }>('Name?', { type: 'object', properties: { name: { type: 'string' } } }, { key: 'name' });
    return `hello ${answer.content?.name}`;
  }

  @McpResource({ uri: 'notes://audit', name: 'audit', description: 'Admins', scopes: ['admin'] })
  audit() {
    return 'audit';
  }

  @McpResource({ uri: 'notes://public', name: 'public', description: 'Everyone' })
  publicNote() {
    return 'public';
  }

  @McpPrompt({ name: 'admin_prompt', description: 'Admins', scopes: ['admin'] })
  adminPrompt() {
    return 'admin';
  }
}

function fixture(verify?: (request: { bearerToken?: string }) => McpPrincipal | undefined): DynamicModule {
  @Module({})
  class StdioAuthModule {}
  return {
    module: StdioAuthModule,
    imports: [McpModule.forRoot({ name: 'stdio-auth', ...(verify ? { auth: { authorizationServers: ['https://auth.example.com'], verify } } : {}) })],
    providers: [ScopedTools],
  };
}

/** A guard of the HTTP endpoint that refuses everyone. */
@Injectable()
class RefuseEveryoneGuard implements CanActivate {
  canActivate(): boolean {
    throw new ForbiddenException('Nobody passes');
  }
}

/** The fixture with McpModule's `auth` and `guards` options as given. */
function protectedFixture(auth?: Partial<McpAuthOptions>, guards: Array<typeof RefuseEveryoneGuard> = []): DynamicModule {
  @Module({})
  class StdioProtectedModule {}
  return {
    module: StdioProtectedModule,
    imports: [
      McpModule.forRoot({ name: 'stdio-protected', guards, ...(auth ? { auth: { authorizationServers: ['https://auth.example.com'], ...auth } } : {}) }),
    ],
    providers: [ScopedTools],
  };
}

/** A logger that keeps the warnings. */
function warningsLogger(): LoggerService & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, log() {}, error() {}, warn: (message: unknown) => warnings.push(String(message)) };
}

const ANONYMOUS_REFUSED = 'This stdio server refuses anonymous callers (McpModule\'s "auth" option, without "allowAnonymous")';

const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': { elicitation: {}, extensions: { 'io.modelcontextprotocol/tasks': {} } },
};

interface Harness {
  server: McpStdioServer;
  request(id: number | string, method: string, params?: Record<string, unknown>): Promise<Line>;
  /** The same request on the 2026-07-28 wire (`_meta`, no session). */
  stateless(id: number | string, method: string, params?: Record<string, unknown>): Promise<Line>;
}

async function serve(module: DynamicModule, options: Partial<McpStdioOptions> = {}): Promise<Harness> {
  const input = new PassThrough();
  const output = new PassThrough();
  const out = new JsonLines(output);
  const server = await McpStdio.serve(module, { input, output, logger: false, ...options });
  const send = (message: unknown) => input.write(`${JSON.stringify(message)}\n`);
  const request = (id: number | string, method: string, params?: Record<string, unknown>) => {
    send({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
    return out.response(id);
  };
  await request('init', 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'spec', version: '1' } });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return { server, request, stateless: (id, method, params = {}) => request(id, method, { ...params, _meta: META }) };
}

async function toolNames(harness: Harness, stateless: boolean): Promise<string[]> {
  const list = stateless ? await harness.stateless(`list-${Math.random()}`, 'tools/list') : await harness.request(`list-${Math.random()}`, 'tools/list');
  return (list.result!.tools as Array<{ name: string }>).map((tool) => tool.name).sort();
}

describe('stdio: scopes checked against the stdio principal', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.server.close();
    harness = undefined;
  });

  it('without a principal, hides scoped definitions on both wires and refuses them with a -32000 error naming the scopes', async () => {
    harness = await serve(fixture());
    for (const stateless of [false, true]) {
      expect(await toolNames(harness, stateless)).toEqual(['ask', 'open_tool', 'task_tool']);
    }
    const refused = await harness.request(1, 'tools/call', { name: 'write_tool', arguments: {} });
    expect(refused.error).toMatchObject({
      code: -32000,
      message: expect.stringContaining('Tool "write_tool" needs the scope(s) "notes:read", "notes:write", and this stdio server has no principal'),
      data: { requiredScopes: ['notes:read', 'notes:write'], missingScopes: ['notes:read', 'notes:write'] },
    });
    expect((await harness.stateless(2, 'tools/call', { name: 'read_tool', arguments: {} })).error).toMatchObject({ code: -32000, data: { missingScopes: ['notes:read'] } });
    expect((await harness.request(3, 'resources/read', { uri: 'notes://audit' })).error?.message).toContain('Resource "notes://audit" needs the scope(s) "admin"');
    expect((await harness.request(4, 'prompts/get', { name: 'admin_prompt' })).error?.message).toContain('Prompt "admin_prompt" needs the scope(s) "admin"');
    expect((await harness.request(31, 'resources/subscribe', { uri: 'notes://audit' })).error).toMatchObject({ code: -32000, data: { missingScopes: ['admin'] } });
    const completion = await harness.request(41, 'completion/complete', { ref: { type: 'ref/prompt', name: 'admin_prompt' }, argument: { name: 'x', value: '' } });
    expect(completion.error).toMatchObject({ code: -32000, data: { missingScopes: ['admin'] } });
    expect((await harness.request(5, 'resources/list')).result!.resources).toEqual([expect.objectContaining({ name: 'public' })]);
    expect((await harness.request(6, 'tools/call', { name: 'open_tool', arguments: {} })).result).toMatchObject({ structuredContent: { user: null } });
  });

  it('with a fixed principal, lists and calls what its scopes allow, names only the missing scope, and shows it as ctx.user', async () => {
    harness = await serve(fixture(), { principal: { subject: 'local-reader', scopes: ['notes:read'] } });
    for (const stateless of [false, true]) {
      expect(await toolNames(harness, stateless)).toEqual(['ask', 'open_tool', 'read_tool', 'task_tool']);
    }
    expect((await harness.request(1, 'tools/call', { name: 'read_tool', arguments: {} })).result).toMatchObject({ content: [{ text: 'read' }] });
    const refused = await harness.stateless(2, 'tools/call', { name: 'write_tool', arguments: {} });
    expect(refused.error).toMatchObject({ code: -32000, data: { requiredScopes: ['notes:read', 'notes:write'], missingScopes: ['notes:write'] } });
    expect(refused.error!.message).toContain('this stdio server\'s caller lacks "notes:write"');
    expect((await harness.request(3, 'tools/call', { name: 'open_tool', arguments: {} })).result).toMatchObject({ structuredContent: { user: 'local-reader' } });
  });

  it('with a principal function, establishes the caller from the configured headers for every request; its HttpException answers that request', async () => {
    const seen: Array<string | undefined> = [];
    const principal: McpStdioOptions['principal'] = ({ bearerToken, headers }) => {
      seen.push(bearerToken);
      if (headers['x-fail'] === 'yes') throw new UnauthorizedException('The token has expired');
      return bearerToken === 'writer-token' ? { subject: 'writer', scopes: ['notes:read', 'notes:write'] } : undefined;
    };
    harness = await serve(fixture(), { principal, headers: { authorization: 'Bearer writer-token' } });
    expect((await harness.request(1, 'tools/call', { name: 'write_tool', arguments: {} })).result).toMatchObject({ content: [{ text: 'written' }] });
    expect(await toolNames(harness, true)).toContain('write_tool');
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen)).toEqual(new Set(['writer-token']));
    await harness.server.close();

    harness = await serve(fixture(), { principal, headers: { 'x-fail': 'yes' } });
    const failed = await harness.request(1, 'tools/list');
    expect(failed.error).toMatchObject({ code: -32000, message: expect.stringContaining('The token has expired') });
  });

  it('falls back to the module\'s auth.verify, given the configured headers', async () => {
    const verify = ({ bearerToken }: { bearerToken?: string }) => (bearerToken === 'admin-token' ? { subject: 'ada', scopes: ['admin'] } : undefined);
    harness = await serve(fixture(verify), { headers: { authorization: 'Bearer admin-token' } });
    expect((await harness.request(1, 'resources/read', { uri: 'notes://audit' })).result).toMatchObject({ contents: [{ text: 'audit' }] });
    expect((await harness.request(2, 'prompts/list')).result!.prompts).toEqual([expect.objectContaining({ name: 'admin_prompt' })]);
    expect((await harness.request(3, 'tools/call', { name: 'read_tool', arguments: {} })).error).toMatchObject({ data: { missingScopes: ['notes:read'] } });
  });

  it('serves an anonymous stdio client its own tasks and multi-round requests (bound to its connection)', async () => {
    harness = await serve(fixture());
    const created = await harness.stateless(1, 'tools/call', { name: 'task_tool', arguments: {} });
    const taskId = created.result!.taskId as string;
    expect(created.result).toMatchObject({ resultType: 'task' });
    expect((await harness.stateless(2, 'tasks/get', { taskId })).result).toMatchObject({ taskId });
    const round = await harness.stateless(3, 'tools/call', { name: 'ask', arguments: {} });
    const requestState = round.result!.requestState as string;
    const answered = await harness.stateless(4, 'tools/call', { name: 'ask', arguments: {}, requestState, inputResponses: { name: { action: 'accept', content: { name: 'Ann' } } } });
    expect(answered.result).toMatchObject({ resultType: 'complete', content: [{ text: 'hello Ann' }] });
  });
});

describe('stdio: McpModule\'s HTTP-side protection (auth.allowAnonymous, guards)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.server.close();
    harness = undefined;
  });

  it('refuses every request of a caller nobody established when auth does not allow anonymous callers, as HTTP answers 401', async () => {
    const logger = warningsLogger();
    harness = await serve(protectedFixture({}), { logger });
    const initialize = await harness.request('again', 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'spec', version: '1' } });
    expect(initialize.error).toMatchObject({ code: -32000, message: expect.stringContaining(ANONYMOUS_REFUSED) });
    expect(initialize.error!.message).toContain('Start it with the "principal" option of McpStdio.serve()');
    for (const answer of [
      await harness.request(1, 'tools/list'),
      await harness.request(2, 'tools/call', { name: 'open_tool', arguments: {} }),
      await harness.stateless(3, 'tools/call', { name: 'open_tool', arguments: {} }),
    ]) {
      expect(answer.result).toBeUndefined();
      expect(answer.error).toMatchObject({ code: -32000, message: expect.stringContaining(ANONYMOUS_REFUSED) });
    }
    expect(logger.warnings).toEqual([expect.stringContaining('every request will be refused. Pass the "principal" option to McpStdio.serve()')]);
  });

  it('refuses a request whose principal function finds no caller, and serves one it finds', async () => {
    const principal: McpStdioOptions['principal'] = ({ headers }) => (headers['x-user'] ? { subject: headers['x-user'] as string, scopes: [] } : undefined);
    harness = await serve(protectedFixture({}), { principal, logger: false });
    expect((await harness.request(1, 'tools/list')).error?.message).toContain(ANONYMOUS_REFUSED);
    await harness.server.close();

    harness = await serve(protectedFixture({}), { principal, headers: { 'x-user': 'local' }, logger: false });
    expect((await harness.request(1, 'tools/call', { name: 'open_tool', arguments: {} })).result).toMatchObject({ structuredContent: { user: 'local' } });
  });

  it('serves an anonymous caller when auth.allowAnonymous is true, without a warning', async () => {
    const logger = warningsLogger();
    harness = await serve(protectedFixture({ allowAnonymous: true }), { logger });
    expect((await harness.request(1, 'tools/call', { name: 'open_tool', arguments: {} })).result).toMatchObject({ structuredContent: { user: null } });
    expect(logger.warnings).toEqual([]);
  });

  it('warns at startup that the module\'s guards do not run over stdio, naming them and what to use instead', async () => {
    const logger = warningsLogger();
    harness = await serve(protectedFixture(undefined, [RefuseEveryoneGuard]), { logger });
    expect(logger.warnings).toEqual([
      expect.stringContaining('McpModule\'s "guards" option (RefuseEveryoneGuard) does not run over stdio'),
    ]);
    expect(logger.warnings[0]).toContain('This server has no "principal": pass one');
    // The guard, which refuses everyone on HTTP, is not run: the warning is what tells the developer.
    expect((await harness.request(1, 'tools/call', { name: 'open_tool', arguments: {} })).result).toMatchObject({ structuredContent: { user: null } });
    await harness.server.close();

    const withPrincipal = warningsLogger();
    harness = await serve(protectedFixture(undefined, [RefuseEveryoneGuard]), { logger: withPrincipal, principal: { subject: 'local', scopes: [] } });
    expect(withPrincipal.warnings).toEqual([expect.stringContaining('Check that the "principal" grants no more than the guards would.')]);
  });
});

import { McpModule } from 'nestjs-mcp';
import { AuthNotesController, AuthToolsService, BearerGuard } from './auth/auth.fixture.js';
import { signToken } from './auth/bearer-tokens.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';
import { statelessRequest } from './utils/stateless.js';

const EVERYONE = ['guarded_but_listed', 'interview', 'provider_stamped', 'provider_whoami'];
const USER = [...EVERYONE, 'list_notes', 'whoami'].sort();
const ADMIN = [...USER, 'admin_only', 'write_note'].sort();

type Lists = { tools: string[]; resources: string[]; templates: string[]; prompts: string[] };

async function statefulLists(app: RunningApp, token?: string): Promise<Lists> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const client = await app.connect(headers);
  return {
    tools: (await client.listTools()).tools.map((tool) => tool.name).sort(),
    resources: (await client.listResources()).resources.map((resource) => resource.name).sort(),
    templates: (await client.listResourceTemplates()).resourceTemplates.map((template) => template.name).sort(),
    prompts: (await client.listPrompts()).prompts.map((prompt) => prompt.name).sort(),
  };
}

async function statelessLists(app: RunningApp, token?: string): Promise<Lists & { cacheScope: unknown; cacheScopes: unknown[] }> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const tools = await statelessRequest(app.mcpUrl, 'tools/list', {}, { headers });
  const resources = await statelessRequest(app.mcpUrl, 'resources/list', {}, { headers });
  const templates = await statelessRequest(app.mcpUrl, 'resources/templates/list', {}, { headers });
  const prompts = await statelessRequest(app.mcpUrl, 'prompts/list', {}, { headers });
  const names = (items: Array<{ name: string }>) => items.map((item) => item.name).sort();
  return {
    tools: names(tools.body.result.tools),
    resources: names(resources.body.result.resources),
    templates: names(resources.body.result.resources ? templates.body.result.resourceTemplates : []),
    prompts: names(prompts.body.result.prompts),
    cacheScope: tools.body.result.cacheScope,
    cacheScopes: [tools, resources, templates, prompts].map((list) => list.body.result.cacheScope),
  };
}

describe.each(PLATFORMS)('Per-caller lists (%s)', (platform) => {
  const start = startAppOn(platform);
  let app: RunningApp;
  let user: string;
  let admin: string;

  beforeAll(async () => {
    app = await start({
      imports: [McpModule.forRoot({ name: 'lists', guards: [BearerGuard], auth: { authorizationServers: ['https://auth.example.com'], allowAnonymous: true } })],
      controllers: [AuthNotesController],
      providers: [AuthToolsService],
    });
    user = await signToken('ursula', ['notes:read']);
    admin = await signToken('ada', ['notes:read', 'notes:write', 'admin']);
  });
  afterAll(() => app.close());

  it('shows anonymous callers, users and admins different definitions on the stateful wire', async () => {
    const anonymous = await statefulLists(app);
    expect(anonymous.tools).toEqual(EVERYONE);
    expect(anonymous.resources).toEqual(['public_note']);
    expect(anonymous.templates).toEqual([]);
    expect(anonymous.prompts).toEqual(['open_prompt']);
    expect((await statefulLists(app, user)).tools).toEqual(USER);
    const everything = await statefulLists(app, admin);
    expect(everything.tools).toEqual(ADMIN);
    expect(everything.resources).toEqual(['audit_log', 'public_note']);
    expect(everything.templates).toEqual(['audit_day']);
    expect(everything.prompts).toEqual(['admin_prompt', 'open_prompt']);
  });

  it('does the same on the stateless wire, with cacheScope "private"', async () => {
    const anonymous = await statelessLists(app);
    expect(anonymous.tools).toEqual(EVERYONE);
    expect(anonymous.cacheScopes).toEqual(['private', 'private', 'private', 'private']);
    expect(anonymous.prompts).toEqual(['open_prompt']);
    expect(anonymous.resources).toEqual(['public_note']);
    expect(anonymous.templates).toEqual([]);
    expect((await statelessLists(app, user)).tools).toEqual(USER);
    const everything = await statelessLists(app, admin);
    expect(everything.tools).toEqual(ADMIN);
    expect(everything.templates).toEqual(['audit_day']);
  });

  it('lists a guarded definition marked alwaysListed for everyone, while the same guard hides an unmarked one', async () => {
    const anonymous = await statelessLists(app);
    expect(anonymous.tools).toContain('guarded_but_listed');
    expect(anonymous.tools).not.toContain('whoami');
    const called = await statelessRequest(app.mcpUrl, 'tools/call', { name: 'guarded_but_listed', arguments: {} });
    expect(called.body.result.isError).toBe(true);
  });

  it('still refuses a hidden tool when called', async () => {
    const response = await statelessRequest(app.mcpUrl, 'tools/call', { name: 'whoami', arguments: {} });
    expect(response.body.result.isError).toBe(true);
  });

  it('checks scopes on completions of, and subscriptions to, scoped prompts, templates and resources (401 anonymous, 403 lacking)', async () => {
    const callers: Array<[string | undefined, number]> = [[undefined, 401], [user, 403]];
    for (const [token, status] of callers) {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      const prompt = await statelessRequest(app.mcpUrl, 'completion/complete', { ref: { type: 'ref/prompt', name: 'admin_prompt' }, argument: { name: 'x', value: '' } }, { headers });
      expect(prompt.status).toBe(status);
      if (status === 403) expect(prompt.body.error.message).toContain('Prompt "admin_prompt" needs the scope(s) "admin"');
      const template = await statelessRequest(app.mcpUrl, 'completion/complete', { ref: { type: 'ref/resource', uri: 'notes://audit/{day}' }, argument: { name: 'day', value: '' } }, { headers });
      expect(template.status).toBe(status);
      const listen = await statelessRequest(app.mcpUrl, 'subscriptions/listen', { notifications: { resourceSubscriptions: ['notes://public', 'notes://audit-log'] } }, { headers });
      expect(listen.status).toBe(status);
      if (status === 403) expect(listen.body.error.message).toContain('Subscribing to resource(s) "notes://audit-log" needs the scope(s) "admin"');
    }
    const admitted = await statelessRequest(app.mcpUrl, 'completion/complete', { ref: { type: 'ref/prompt', name: 'admin_prompt' }, argument: { name: 'x', value: '' } }, { headers: { authorization: `Bearer ${admin}` } });
    expect([401, 403]).not.toContain(admitted.status);
  });

  describe('with perCallerLists off', () => {
    let open: RunningApp;
    beforeAll(async () => {
      open = await start({
        imports: [McpModule.forRoot({ name: 'lists-off', perCallerLists: false, guards: [BearerGuard] })],
        controllers: [AuthNotesController],
        providers: [AuthToolsService],
      });
    });
    afterAll(() => open.close());

    it('lists everything for everyone, as a shareable list, on both wires', async () => {
      const anonymous = await statelessLists(open);
      expect(anonymous.tools).toEqual(ADMIN);
      expect(anonymous.cacheScopes).toEqual(['public', 'public', 'public', 'public']);
      const stateful = await statefulLists(open);
      expect(stateful.tools).toEqual(ADMIN);
      expect(stateful.resources).toEqual(['audit_log', 'public_note']);
      expect(stateful.prompts).toEqual(['admin_prompt', 'open_prompt']);
    });
  });
});

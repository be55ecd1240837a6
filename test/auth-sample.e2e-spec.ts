import type { Type } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import { rawRequest } from './utils/raw-http.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';
import { statelessRequest } from './utils/stateless.js';

const CREATE = { name: 'create_note', arguments: { title: 'Groceries', body: 'Milk', tags: [] } };

describe.each(PLATFORMS)('The sample in bearer-token mode (%s)', (platform) => {
  const start = startAppOn(platform);
  let app: RunningApp;
  let issue: (subject: string, scopes: string[]) => Promise<string>;

  beforeAll(async () => {
    process.env.MCP_AUTH = 'bearer';
    process.env.PORT = '0';
    const { AppModule } = (await import('../sample/app.module.js')) as { AppModule: Type<unknown> };
    ({ issueSampleToken: issue } = await import('../sample/auth/sample-tokens.js'));
    app = await start(AppModule, (nest) => nest.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true })));
  });
  afterAll(async () => {
    await app.close();
    delete process.env.MCP_AUTH;
  });

  const call = (headers: Record<string, string>) => statelessRequest(app.mcpUrl, 'tools/call', CREATE, { headers });

  it('challenges an anonymous writer, steps up a reader, and lets a writer or the API key through', async () => {
    const metadata = await rawRequest(new URL(`${app.baseUrl}/.well-known/oauth-protected-resource/mcp`), { method: 'GET' });
    expect(metadata.json()).toMatchObject({ scopes_supported: ['notes:write'], resource_name: 'Notes sample' });
    const anonymous = await call({});
    expect(anonymous.status).toBe(401);
    const reader = await call({ authorization: `Bearer ${await issue('rita', [])}` });
    expect(reader.status).toBe(403);
    const writer = await call({ authorization: `Bearer ${await issue('wanda', ['notes:write'])}` });
    expect(writer.status).toBe(200);
    expect(writer.body.result.structuredContent).toMatchObject({ title: 'Groceries' });
    const apiKey = await call({ 'x-api-key': 'sample-key' });
    expect(apiKey.body.result.structuredContent).toMatchObject({ title: 'Groceries' });
    const forged = await call({ authorization: 'Bearer forged.token.value' });
    expect(forged.status).toBe(401);
  });
});

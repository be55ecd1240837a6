import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { McpModule } from 'nestjs-mcp';
import { AuthNotesController, AuthToolsService, BearerGuard } from './auth/auth.fixture.js';
import { startAuthorizationServer, type MiniAuthorizationServer } from './auth/mini-authorization.server.js';
import { TEST_CLIENT_INFO } from './utils/sdk-client.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

/** An OAuth client provider for a headless test: "opening the browser" follows the authorization redirect itself. */
class HeadlessOAuthProvider implements OAuthClientProvider {
  readonly redirectUrl = 'http://127.0.0.1:9/callback';
  readonly clientMetadata: OAuthClientMetadata = {
    client_name: 'nestjs-mcp-tests',
    redirect_uris: [this.redirectUrl],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  };
  authorizationUrls: URL[] = [];
  code?: string;
  private information?: OAuthClientInformationMixed;
  private saved?: OAuthTokens;
  private verifier = '';

  clientInformation() {
    return this.information;
  }
  saveClientInformation(information: OAuthClientInformationMixed) {
    this.information = information;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  async redirectToAuthorization(url: URL) {
    this.authorizationUrls.push(url);
    const response = await fetch(url, { redirect: 'manual' });
    this.code = new URL(response.headers.get('location')!).searchParams.get('code') ?? undefined;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

describe.each(PLATFORMS)('The SDK client\'s OAuth flow against the endpoint (%s)', (platform) => {
  const start = startAppOn(platform);
  let authorizationServer: MiniAuthorizationServer;
  let app: RunningApp;
  const clients: Client[] = [];

  beforeAll(async () => {
    authorizationServer = await startAuthorizationServer('alice', ['notes:read', 'notes:write']);
    app = await start({
      imports: [
        McpModule.forRoot({
          name: 'oauth',
          guards: [BearerGuard],
          auth: { authorizationServers: [authorizationServer.issuer], scopesSupported: ['notes:read'], resourceName: 'Notes' },
        }),
      ],
      controllers: [AuthNotesController],
      providers: [AuthToolsService],
    });
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => client.close()));
    await app.close();
    await authorizationServer.close();
  });

  async function connect(provider: OAuthClientProvider): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
    const transport = new StreamableHTTPClientTransport(app.mcpUrl, { authProvider: provider });
    const client = new Client({ ...TEST_CLIENT_INFO });
    clients.push(client);
    await client.connect(transport);
    return { client, transport };
  }

  it('discovers the metadata from the 401, gets a token, retries, calls a scoped tool, then steps up on 403', async () => {
    const provider = new HeadlessOAuthProvider();
    const firstTransport = new StreamableHTTPClientTransport(app.mcpUrl, { authProvider: provider });
    const first = new Client({ ...TEST_CLIENT_INFO });
    clients.push(first);
    await expect(first.connect(firstTransport)).rejects.toBeInstanceOf(UnauthorizedError);
    const authorization = provider.authorizationUrls[0]!;
    expect(authorization.origin).toBe(authorizationServer.issuer);
    expect(authorization.searchParams.get('resource')).toBe(`${app.baseUrl}/mcp`);
    expect(authorization.searchParams.get('scope')).toBe('notes:read');
    await firstTransport.finishAuth(provider.code!);

    const { client, transport } = await connect(provider);
    const listed = await client.callTool({ name: 'list_notes', arguments: {} });
    expect(listed.structuredContent).toEqual({ notes: ['a', 'b'], for: 'alice' });
    expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain('write_note');

    // The token lacks notes:write: the 403 challenge names it, and the client goes back for it.
    await expect(client.callTool({ name: 'write_note', arguments: {} })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.authorizationUrls[1]!.searchParams.get('scope')).toBe('notes:write');
    await transport.finishAuth(provider.code!);
    expect(authorizationServer.issued.at(-1)).toEqual(['notes:write']);
    const stepped = await connect(provider);
    expect((await stepped.client.callTool({ name: 'write_note', arguments: {} })).structuredContent).toEqual({ written: true });
  });
});

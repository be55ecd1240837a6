import { McpModule } from 'nestjs-mcp';
import { AuthNotesController, AuthToolsService } from './auth/auth.fixture.js';
import { rawRequest } from './utils/raw-http.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

const ALLOWED = 'http://localhost:5173';
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'browser', version: '1.0.0' } },
};

describe.each(PLATFORMS)('Browsers and CORS (%s)', (platform) => {
  const start = startAppOn(platform);
  let app: RunningApp;

  beforeAll(async () => {
    app = await start(
      {
        imports: [McpModule.forRoot({ name: 'cors', allowedOrigins: [ALLOWED] })],
        controllers: [AuthNotesController],
        providers: [AuthToolsService],
      },
      (nest) => nest.enableCors({ origin: [ALLOWED] }),
    );
  });
  afterAll(() => app.close());

  it('lets a preflight from an allowed origin reach the app\'s CORS handling', async () => {
    const preflight = await rawRequest(app.mcpUrl, {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, mcp-protocol-version, mcp-session-id, authorization',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers['access-control-allow-origin']).toBe(ALLOWED);
  });

  it('exposes Mcp-Session-Id, MCP-Protocol-Version and WWW-Authenticate to browser code', async () => {
    const response = await rawRequest(app.mcpUrl, { headers: { origin: ALLOWED }, body: INITIALIZE });
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(String(response.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/)).toEqual(
      expect.arrayContaining(['mcp-session-id', 'mcp-protocol-version', 'www-authenticate']),
    );
    const sse = await rawRequest(app.mcpUrl, {
      headers: { origin: ALLOWED, 'mcp-session-id': String(response.headers['mcp-session-id']), 'mcp-protocol-version': '2025-11-25' },
      body: { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'provider_whoami', arguments: {} } },
    });
    expect(sse.headers['access-control-allow-origin']).toBe(ALLOWED);
  });

  it('still refuses an origin that is not allowed, with 403', async () => {
    const response = await rawRequest(app.mcpUrl, { headers: { origin: 'http://evil.example' }, body: INITIALIZE });
    expect(response.status).toBe(403);
    expect(response.headers['access-control-expose-headers']).toBeUndefined();
  });
});

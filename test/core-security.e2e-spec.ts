import 'reflect-metadata';
import { McpModule } from 'nestjs-mcp';
import { rawRequest } from './utils/raw-http.js';
import { rawInitialize } from './utils/raw-mcp-session.js';
import { PLATFORMS, startApp, type RunningApp } from './utils/start-app.js';

const INIT = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } };

describe.each(PLATFORMS)('on %s', (platform) => {
  describe('DNS-rebinding protection (default)', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({ imports: [McpModule.forRoot({ name: 'guarded' })] }, undefined, 'mcp', platform);
    });
    afterAll(() => running.close());

    it('refuses a hostile Host with 403 before reading the body', async () => {
      const response = await rawRequest(running.mcpUrl, { headers: { host: 'evil.example.com' }, body: '{not json' });
      expect(response.status).toBe(403);
      expect(response.json().error.message).toContain('allowedHosts');
    });

    it('refuses a hostile Origin with 403, on every method', async () => {
      for (const method of ['POST', 'GET', 'DELETE']) {
        const response = await rawRequest(running.mcpUrl, { method, headers: { origin: 'http://evil.example.com' }, body: method === 'POST' ? INIT : undefined });
        expect(response.status).toBe(403);
      }
    });

    it('accepts loopback Hosts and same-origin Origins', async () => {
      const port = running.mcpUrl.port;
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
        const response = await rawRequest(running.mcpUrl, { headers: { host, origin: `http://${host}` }, body: INIT });
        expect(response.status).toBe(200);
      }
    });
  });

  describe('DNS-rebinding protection with allowedHosts and allowedOrigins', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({
        imports: [McpModule.forRoot({ name: 'public', allowedHosts: ['mcp.example.com'], allowedOrigins: ['https://app.example.com'] })],
      }, undefined, 'mcp', platform);
    });
    afterAll(() => running.close());

    it('serves the configured hostname and origin, and nothing else', async () => {
      expect((await rawRequest(running.mcpUrl, { headers: { host: 'mcp.example.com' }, body: INIT })).status).toBe(200);
      expect((await rawRequest(running.mcpUrl, { headers: { host: 'mcp.example.com', origin: 'https://app.example.com' }, body: INIT })).status).toBe(200);
      expect((await rawRequest(running.mcpUrl, { headers: { host: 'mcp.example.com', origin: 'https://other.example.com' }, body: INIT })).status).toBe(403);
      expect((await rawRequest(running.mcpUrl, { headers: { host: `127.0.0.1:${running.mcpUrl.port}` }, body: INIT })).status).toBe(403);
    });
  });

  describe('behind a global prefix', () => {
    it('serves /api/mcp with the gate still in front', async () => {
      const running = await startApp({ imports: [McpModule.forRoot({ name: 'prefixed', maxBodyBytes: 1_000 })] }, (app) => app.setGlobalPrefix('api'), 'api/mcp', platform);
      try {
        expect(running.mcpUrl.pathname).toBe('/api/mcp');
        expect((await rawInitialize(running.mcpUrl)).status).toBe(200);
        expect((await rawRequest(running.mcpUrl, { headers: { host: 'evil.example.com' }, body: INIT })).status).toBe(403);
        expect((await rawRequest(running.mcpUrl, { body: { ...INIT, padding: 'x'.repeat(2_000) } })).status).toBe(413);
      } finally {
        await running.close();
      }
    });
  });
});

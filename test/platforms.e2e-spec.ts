import 'reflect-metadata';
import { Body, Controller, Post, VersioningType } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { McpModule } from 'nestjs-mcp';
import { rawRequest } from './utils/raw-http.js';
import { PLATFORMS, startApp } from './utils/start-app.js';

const INIT = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } };

/** An adapter that is not Express or Fastify (it only claims another type). */
class UnknownAdapter extends ExpressAdapter {
  override getType(): string {
    return 'koa';
  }
}

describe('an HTTP adapter McpModule cannot serve', () => {
  it('fails bootstrap with an error naming it, instead of serving the endpoint unprotected', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [McpModule.forRoot({ name: 'unknown' })] }).compile();
    const app = moduleRef.createNestApplication(new UnknownAdapter(), { logger: false });
    await expect(app.init()).rejects.toThrow('The "koa" HTTP adapter is not supported by McpModule');
    await app.close().catch(() => undefined);
  });
});

/** An app route whose path happens to end like the endpoint's. */
@Controller('billing')
class BillingController {
  @Post('mcp')
  echo(@Body() body: unknown) {
    return { received: body };
  }
}

describe.each(PLATFORMS)('the endpoint owns its body on %s', (platform) => {
  it('leaves the JSON body of an app route that merely ends in the endpoint path to that route', async () => {
    const running = await startApp({ imports: [McpModule.forRoot({ name: 'billing' })], controllers: [BillingController] }, undefined, 'mcp', platform);
    try {
      const response = await rawRequest(new URL(`${running.baseUrl}/billing/mcp`), { body: { amount: 3 } });
      expect(response.status).toBe(201);
      expect(response.json()).toEqual({ received: { amount: 3 } });
    } finally {
      await running.close();
    }
  });

  it('refuses a non-JSON Content-Type with 415, and an oversized chunked body with 413', async () => {
    const running = await startApp({ imports: [McpModule.forRoot({ name: 'bodies', maxBodyBytes: 2_000 })] }, undefined, 'mcp', platform);
    try {
      const text = await rawRequest(running.mcpUrl, { headers: { 'content-type': 'text/plain' }, body: JSON.stringify(INIT) });
      expect(text.status).toBe(415);
      expect(text.json().error.message).toContain('application/json');
      const form = await rawRequest(running.mcpUrl, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
      expect(form.status).toBe(415);
      const chunked = await rawRequest(running.mcpUrl, { body: { ...INIT, padding: 'x'.repeat(5_000) }, chunked: true });
      expect(chunked.status).toBe(413);
      expect((await rawRequest(running.mcpUrl, { body: INIT })).status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('stays version-neutral under URI versioning, and outside the global prefix when the prefix excludes it', async () => {
    const running = await startApp(
      { imports: [McpModule.forRoot({ name: 'versioned' })], controllers: [BillingController] },
      (app) => {
        app.setGlobalPrefix('api', { exclude: ['mcp'] });
        app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
      },
      'mcp',
      platform,
    );
    try {
      expect((await rawRequest(running.mcpUrl, { body: INIT })).status).toBe(200);
      expect((await rawRequest(new URL(`${running.baseUrl}/api/v1/billing/mcp`), { body: { amount: 1 } })).status).toBe(201);
      expect((await rawRequest(new URL(`${running.baseUrl}/api/mcp`), { body: INIT })).status).toBe(404);
      expect((await rawRequest(new URL(`${running.baseUrl}/v1/mcp`), { body: INIT })).status).toBe(404);
    } finally {
      await running.close();
    }
  });

  it('serves and guards an endpoint placed under a RouterModule path', async () => {
    const running = await startApp(
      { imports: [McpModule.forRoot({ name: 'routed', maxBodyBytes: 2_000 }), RouterModule.register([{ path: 'agents', module: McpModule }])] },
      undefined,
      'agents/mcp',
      platform,
    );
    try {
      expect((await rawRequest(running.mcpUrl, { body: INIT })).status).toBe(200);
      expect((await rawRequest(running.mcpUrl, { headers: { host: 'evil.example' }, body: INIT })).status).toBe(403);
      expect((await rawRequest(running.mcpUrl, { body: '{"jsonrpc":' })).json().error.code).toBe(-32700);
      expect((await rawRequest(running.mcpUrl, { body: { ...INIT, padding: 'x'.repeat(5_000) } })).status).toBe(413);
    } finally {
      await running.close();
    }
  });
});

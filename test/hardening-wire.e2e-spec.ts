import 'reflect-metadata';
import { Body, Controller, Param, Patch } from '@nestjs/common';
import { gzipSync } from 'node:zlib';
import { McpModule, McpTool } from 'nestjs-mcp';
import { rawRequest } from './utils/raw-http.js';
import { RawMcpSession } from './utils/raw-mcp-session.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

/** A route tool whose body is read as it arrives (no DTO, no ValidationPipe), next to a path parameter. */
@Controller('notes')
class NotesController {
  @Patch(':id')
  @McpTool({ name: 'rename_note' })
  rename(@Param('id') id: string, @Body() body: Record<string, unknown>) {
    return { id, title: body.title ?? null, ownKeys: Object.keys(body) };
  }
}

const toolsList = { jsonrpc: '2.0', id: 5, method: 'tools/list' };

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);
  let running: RunningApp;
  let session: RawMcpSession;

  beforeAll(async () => {
    running = await startApp({ imports: [McpModule.forRoot({ name: 'wire-hardening' })], controllers: [NotesController] });
    session = await RawMcpSession.open(running.mcpUrl);
  });
  afterAll(() => running.close());

  describe('bodies the endpoint cannot read as they are', () => {
    it('refuses a gzip body with 415, Accept-Encoding: identity and a JSON-RPC error naming the coding, not a -32700', async () => {
      const response = await rawRequest(running.mcpUrl, {
        headers: { ...session.sessionHeaders, 'content-encoding': 'gzip' },
        body: gzipSync(JSON.stringify(toolsList)),
      });
      expect(response.status).toBe(415);
      expect(response.headers['accept-encoding']).toBe('identity');
      expect(response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringContaining('Content-Encoding "gzip"') } });
    });

    it('refuses a body labelled with a content coding even when its bytes happen to be plain JSON', async () => {
      const response = await rawRequest(running.mcpUrl, { headers: { ...session.sessionHeaders, 'content-encoding': 'br' }, body: toolsList });
      expect(response.status).toBe(415);
      expect(response.json().error.message).toContain('uncompressed');
    });

    it('serves a body with Content-Encoding: identity', async () => {
      const response = await rawRequest(running.mcpUrl, { headers: { ...session.sessionHeaders, 'content-encoding': 'identity' }, body: toolsList });
      expect(response.status).toBe(200);
      expect(response.json().result.tools).toEqual(expect.any(Array));
    });

    it('refuses a UTF-16 body with 415 naming the charset, echoing the id when readable', async () => {
      const response = await rawRequest(running.mcpUrl, {
        headers: { ...session.sessionHeaders, 'content-type': 'application/json; charset=utf-16' },
        body: Buffer.from(JSON.stringify(toolsList), 'utf16le'),
      });
      expect(response.status).toBe(415);
      expect(response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringContaining('"utf-16"') } });
      const ascii = await rawRequest(running.mcpUrl, {
        headers: { ...session.sessionHeaders, 'content-type': 'application/json; charset=iso-8859-1' },
        body: toolsList,
      });
      expect(ascii.status).toBe(415);
      expect(ascii.json()).toMatchObject({ id: 5, error: { message: expect.stringContaining('UTF-8') } });
    });

    it('serves a body whose Content-Type names UTF-8, in any spelling', async () => {
      for (const contentType of ['application/json; charset=utf-8', 'application/json;charset="UTF-8"']) {
        const response = await rawRequest(running.mcpUrl, { headers: { ...session.sessionHeaders, 'content-type': contentType }, body: toolsList });
        expect(response.status).toBe(200);
      }
    });

    it('keeps serving after the refusals', async () => {
      expect((await session.request('ping')).json()).toMatchObject({ result: {} });
    });
  });

  describe('arguments named like prototype keys', () => {
    it('gives a route an own "__proto__" property in its body, never a prototype lending it unvalidated properties', async () => {
      const response = await session.post(
        '{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"rename_note","arguments":{"id":"n1","__proto__":{"title":"inherited"}}}}',
      );
      expect(response.status).toBe(200);
      const result = response.json().result;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ id: 'n1', title: null, ownKeys: ['__proto__'] });
      expect(({} as Record<string, unknown>).title).toBeUndefined();
    });
  });
});

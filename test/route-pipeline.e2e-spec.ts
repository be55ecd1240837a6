import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
import {
  GuardedNotesController,
  Rendezvous,
  TenantContext,
  TenantController,
} from './fixtures/guarded-notes.fixture.js';
import { RawMcpSession } from './utils/raw-mcp-session.js';
import { FastifyTeapotFilter, RouteShapesController } from './fixtures/route-shapes.fixture.js';
import { PLATFORMS, startApp, type RunningApp } from './utils/start-app.js';

const withKey = { 'x-api-key': 'secret' };

function textOf(result: object): string {
  const content = (result as { content?: Array<{ text?: string }> }).content ?? [];
  return content.map((block) => block.text ?? '').join('\n');
}

describe.each(PLATFORMS)('on %s', (platform) => {
  describe('controller routes run through the Nest pipeline', () => {
    let running: RunningApp;

    beforeAll(async () => {
      running = await startApp(
        {
          imports: [McpModule.forRoot({ name: 'pipeline' })],
          controllers: [GuardedNotesController, TenantController, RouteShapesController],
          providers: [TenantContext, Rendezvous],
        },
        (app) => app.useGlobalPipes(new ValidationPipe({ transform: true })),
        'mcp',
        platform,
      );
    });
    afterAll(() => running.close());

    it('lets the guard deny a call without the header and allow one with it', async () => {
      const denied = await running.connect();
      const refusal = await denied.callTool({ name: 'get_note', arguments: { id: '1' } });
      expect(refusal.isError).toBe(true);
      expect(textOf(refusal)).toContain('HTTP 403');

      const allowed = await running.connect(withKey);
      const result = await allowed.callTool({ name: 'get_note', arguments: { id: '1' } });
      expect(result.isError).toBeFalsy();
    });

    it('checks the arguments against the advertised schema before the pipeline runs', async () => {
      const client = await running.connect(withKey);
      const result = await client.callTool({ name: 'create_note', arguments: { title: 42, priority: 'urgent' } });
      expect(result.isError).toBe(true);
      const text = textOf(result);
      expect(text).toContain('input schema of tool "create_note"');
      expect(text).toMatch(/^- \/arguments\/title: must be string$/m);
      expect(text).toMatch(/^- \/arguments\/priority: must be equal to one of the allowed values$/m);
    });

    it('applies the global ValidationPipe to rules the schema cannot express, reporting JSON Pointers', async () => {
      const client = await running.connect(withKey);
      const result = await client.callTool({ name: 'create_note', arguments: { title: 'Hi!', priority: 'high' } });
      expect(result.isError).toBe(true);
      const text = textOf(result);
      expect(text).toContain('HTTP 400');
      expect(text).toMatch(/^- \/arguments\/title: title should not contain/m);
    });

    it('hands the pipe-transformed DTO to the route when the arguments are valid', async () => {
      const client = await running.connect(withKey);
      const result = await client.callTool({ name: 'create_note', arguments: { title: 'Groceries', priority: 'high' } });
      expect(result.structuredContent).toEqual({ created: 'Groceries', priority: 'high', isDtoInstance: true });
    });

    it('returns what the interceptor made of the route result', async () => {
      const client = await running.connect(withKey);
      const result = await client.callTool({ name: 'get_note', arguments: { id: '7' } });
      expect(result.structuredContent).toEqual({ data: { id: '7', title: 'Note 7' }, wrappedBy: 'EnvelopeInterceptor' });
    });

    it("turns the exception filter's response into the error result", async () => {
      const client = await running.connect(withKey);
      const result = await client.callTool({ name: 'edit_note', arguments: { id: '9' } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe('Note "9" is locked by another editor; retry once it is released. (HTTP 423)');
    });

    it('gives each concurrent call on one session its own request-scoped provider', async () => {
      const session = await RawMcpSession.open(running.mcpUrl);
      const call = (tenant: string) =>
        session.request('tools/call', { name: 'current_tenant', arguments: {} }, { 'x-tenant': tenant });
      // Both calls wait for each other inside the route, so they are in flight at the same time.
      const [acme, globex] = await Promise.all([call('acme'), call('globex')]);
      expect(acme.json().result.structuredContent).toEqual({ before: 'acme', after: 'acme' });
      expect(globex.json().result.structuredContent).toEqual({ before: 'globex', after: 'globex' });
    });

    it('answers a @Redirect() route with its URL', async () => {
      const client = await running.connect();
      const result = await client.callTool({ name: 'docs_link', arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: 'https://docs.example.com/start' }]);
      expect(result.structuredContent).toEqual({ url: 'https://docs.example.com/start', statusCode: 301 });
    });

    it('delivers every event of an @Sse() route in the result', async () => {
      const client = await running.connect();
      const result = await client.callTool({ name: 'ticks', arguments: {} });
      expect(result.content).toEqual([
        { type: 'text', text: '{"n":1}' },
        { type: 'text', text: '{"n":2}' },
        { type: 'text', text: 'three' },
      ]);
      expect(result.structuredContent).toEqual({ events: [{ data: { n: 1 } }, { data: { n: 2 } }, { data: 'three' }] });
    });

    it('turns a text StreamableFile into text content named after the file', async () => {
      const client = await running.connect();
      const result = await client.callTool({ name: 'report', arguments: {} });
      expect(result.content).toEqual([
        { type: 'resource', resource: { uri: 'file:///report.txt', mimeType: 'text/plain', text: 'Quarterly report: all good.' } },
      ]);
    });

    it(`runs a route that writes to the ${platform} response, and its redirect`, async () => {
      const client = await running.connect();
      const written = await client.callTool({ name: `${platform}_res`, arguments: {} });
      expect(written.isError).toBeFalsy();
      expect(textOf(written)).toBe(`written by ${platform}`);
      const redirected = await client.callTool({ name: `${platform}_redirect`, arguments: {} });
      expect(textOf(redirected)).toBe(`https://example.com/${platform}`);
    });

    it('lets an exception filter written for Fastify answer a route tool (and only fail that call elsewhere)', async () => {
      const client = await running.connect();
      const result = await client.callTool({ name: 'teapot', arguments: {} });
      expect(result.isError).toBe(true);
      // Express responses have no `code()`: the filter fails, the call reports it, the session goes on.
      expect(textOf(result)).toEqual(platform === 'fastify' ? 'I am short and stout. (HTTP 418)' : expect.stringContaining('code is not a function'));
      expect((await client.callTool({ name: 'docs_link', arguments: {} })).isError).toBeFalsy();
    });
  });
});

import 'reflect-metadata';
import { Body, Controller, Injectable, Param, Patch } from '@nestjs/common';
import { gzipSync } from 'node:zlib';
import { McpArgs, McpCtx, McpModule, McpResource, McpTool, type McpContext } from 'nestjs-mcp';
import { openSession, post } from './utils/raw-mcp.js';
import { rawRequest } from './utils/raw-http.js';
import { statelessHeaders, statelessMeta } from './utils/stateless.js';
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

/** A tool that reports progress before it answers: its answer streams to a client that takes SSE. */
@Injectable()
class ProgressTools {
  @McpTool({
    description: 'Keeps up to three labels',
    inputSchema: { type: 'object', properties: { labels: { type: 'array', items: { type: 'string' }, maxItems: 3 } } },
  })
  label(@McpArgs() args: { labels?: string[] }) {
    return `${args.labels?.length ?? 0} labels`;
  }

  @McpTool({ description: 'Reports progress twice, then answers' })
  async count(@McpCtx() ctx: McpContext) {
    await ctx.reportProgress(1, 2);
    await ctx.reportProgress(2, 2);
    return 'counted';
  }
}

/** A resource template whose two variables share a path segment. */
@Injectable()
class Files {
  @McpResource({ uriTemplate: 'files://{name}.{ext}', description: 'A file by name and extension' })
  file(@McpArgs() args: { name: string; ext: string }) {
    return `${args.name} as ${args.ext}`;
  }
}

/** A tool that waits for the test, then asks the client a question; it records how its question ended. */
@Injectable()
class Questions {
  static asked: () => void = () => undefined;
  static release: () => void = () => undefined;
  static outcome: Promise<string> = Promise.resolve('');

  @McpTool({ description: 'Waits, then asks the user for a name' })
  async askLater(@McpCtx() ctx: McpContext) {
    let settle!: (outcome: string) => void;
    Questions.outcome = new Promise((resolve) => (settle = resolve));
    await new Promise<void>((resolve) => {
      Questions.release = resolve;
      Questions.asked();
    });
    try {
      const answer = await ctx.elicit('Your name?', { type: 'object', properties: { name: { type: 'string' } } });
      settle(`answered ${answer.action}`);
      return 'asked';
    } catch (error) {
      settle(`failed: ${(error as Error).message}`);
      throw error;
    }
  }
}

const toolsList = { jsonrpc: '2.0', id: 5, method: 'tools/list' };

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);
  let running: RunningApp;
  let session: RawMcpSession;

  beforeAll(async () => {
    running = await startApp({ imports: [McpModule.forRoot({ name: 'wire-hardening' })], controllers: [NotesController], providers: [ProgressTools, Files, Questions] });
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

  describe('answers in the media types the client accepts', () => {
    const countCall = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'count', arguments: {}, _meta: { progressToken: id } } });
    const statelessList = () => ({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: { _meta: statelessMeta() } });

    it('answers a client that accepts only SSE with a stream carrying the response, on both wires', async () => {
      const stateful = await session.post(toolsList, { accept: 'text/event-stream' });
      expect(stateful.status).toBe(200);
      expect(stateful.headers['content-type']).toContain('text/event-stream');
      expect(stateful.text).toContain('"id":5,"result":{"tools":[');
      const refusingJson = await session.post(toolsList, { accept: 'application/json;q=0, text/event-stream' });
      expect(refusingJson.headers['content-type']).toContain('text/event-stream');
      const stateless = await rawRequest(running.mcpUrl, { headers: { ...statelessHeaders('tools/list'), accept: 'text/event-stream' }, body: statelessList() });
      expect(stateless.status).toBe(200);
      expect(stateless.headers['content-type']).toContain('text/event-stream');
      expect(stateless.text).toContain('"resultType":"complete"');
    });

    it('never streams to a client that refuses SSE with q=0, even when the tool reports progress', async () => {
      const stateful = await session.post(countCall(11), { accept: 'text/event-stream;q=0, application/json' });
      expect(stateful.headers['content-type']).toContain('application/json');
      expect(stateful.json()).toMatchObject({ id: 11, result: { content: [{ type: 'text', text: 'counted' }] } });
      const params = { name: 'count', arguments: {}, _meta: { ...statelessMeta(), progressToken: 12 } };
      const stateless = await rawRequest(running.mcpUrl, {
        headers: { ...statelessHeaders('tools/call', params), accept: 'text/event-stream;q=0, application/json' },
        body: { jsonrpc: '2.0', id: 12, method: 'tools/call', params },
      });
      expect(stateless.headers['content-type']).toContain('application/json');
      expect(stateless.json()).toMatchObject({ id: 12, result: { resultType: 'complete' } });
    });

    it('keeps a refusal JSON with its HTTP status for a client that accepts only SSE', async () => {
      const response = await rawRequest(running.mcpUrl, { headers: { accept: 'text/event-stream', 'mcp-session-id': 'unknown' }, body: toolsList });
      expect(response.status).toBe(404);
      expect(response.json()).toMatchObject({ id: 5, error: { code: -32001 } });
    });

    it('refuses a GET stream to a client that refuses SSE with q=0', async () => {
      const response = await rawRequest(running.mcpUrl, { method: 'GET', headers: { ...session.sessionHeaders, accept: 'text/event-stream;q=0, */*' } });
      expect(response.status).toBe(406);
    });
  });

  describe('resource URIs a client chooses', () => {
    it('matches a URI of hundreds of kilobytes against a template with two variables in one segment without stalling', async () => {
      const long = `files://${'.'.repeat(300_000)}/`;
      const refused = await session.request('resources/read', { uri: long });
      expect(refused.json()).toMatchObject({ error: { code: -32002, message: expect.stringContaining('not found') } });
      const read = await session.request('resources/read', { uri: 'files://archive.tar.gz' });
      expect(read.json().result.contents[0].text).toBe('archive.tar as gz');
    });
  });

  describe('arguments that break the input schema everywhere', () => {
    const label = (id: number, labels: unknown[]) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'label', arguments: { labels } } });

    it('lists every violation of small arguments, at most 100', async () => {
      const few = (await session.post(label(21, [1, 2]))).json().result;
      expect(few.isError).toBe(true);
      expect(few.content[0].text).toContain('/arguments/labels/0: must be string');
      expect(few.content[0].text).toContain('/arguments/labels/1: must be string');
      const many = (await session.post(label(22, Array(500).fill(1)))).json().result;
      const lines = many.content[0].text.split('\n').filter((line: string) => line.startsWith('- '));
      expect(lines).toHaveLength(101);
      expect(lines[100]).toContain('more violations than the 100 listed');
    });

    it('answers a million wrong values with their first violation, not a million lines', async () => {
      const response = await session.post(label(23, Array(1_000_000).fill(1)));
      expect(response.status).toBe(200);
      expect(response.text.length).toBeLessThan(2_000);
      const text = response.json().result.content[0].text;
      expect(text).toContain('/arguments/labels: must NOT have more than 3 items');
      expect(text).toContain('only its first violation is listed');
    });
  });

  describe('subscriptions/listen filters', () => {
    const listen = (resourceSubscriptions: unknown[]) => {
      const params = { notifications: { toolsListChanged: true, resourceSubscriptions }, _meta: statelessMeta() };
      return rawRequest(running.mcpUrl, {
        headers: statelessHeaders('subscriptions/listen', params),
        body: { jsonrpc: '2.0', id: 'listen', method: 'subscriptions/listen', params },
      });
    };

    it('refuses a filter naming more resources than session.maxSubscriptions, as resources/subscribe does', async () => {
      const response = await listen(Array.from({ length: 200_000 }, (_, index) => `files://${index}.txt`));
      expect(response.json()).toMatchObject({ id: 'listen', error: { code: -32602, message: expect.stringContaining('at most 100 per stream') } });
    });

    it('refuses a resource URI longer than session.maxSubscriptionUriLength', async () => {
      const response = await listen([`files://${'a'.repeat(1_000_000)}.txt`]);
      expect(response.json()).toMatchObject({ id: 'listen', error: { code: -32602, message: expect.stringContaining('at most 2048') } });
      expect(response.text.length).toBeLessThan(1_000);
    });
  });

  describe('DELETE while a call runs', () => {
    it('cancels the ended session\'s running call, so a question it then asks fails at once instead of waiting minutes', async () => {
      const sessionId = await openSession(running.mcpUrl, { elicitation: {} });
      const parked = new Promise<void>((resolve) => (Questions.asked = resolve));
      const calling = post(running.mcpUrl, sessionId, { jsonrpc: '2.0', id: 31, method: 'tools/call', params: { name: 'askLater', arguments: {} } });
      await parked;
      const deleted = await fetch(running.mcpUrl, { method: 'DELETE', headers: { 'mcp-session-id': sessionId } });
      expect(deleted.status).toBe(204);
      Questions.release();
      expect(await Questions.outcome).toBe('failed: The client ended the session.');
      const call = await calling;
      expect(await call.text()).toContain('"id":31');
      expect((await post(running.mcpUrl, sessionId, { jsonrpc: '2.0', id: 32, method: 'ping' })).status).toBe(404);
    });
  });
});

import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { McpCtx, McpModule, McpRegistry, McpTool, type McpContext } from 'nestjs-mcp';
import { GatedTools, gate } from './fixtures/gated-tools.fixture.js';
import { openGet, openSession, post, SseReader } from './utils/raw-mcp.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

@Injectable()
class SlowTools {
  @McpTool({ description: 'Sends three log lines, closing its stream after the first, then answers' })
  async polling(@McpCtx() ctx: McpContext) {
    await ctx.log('info', 'one');
    await ctx.closeStream();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await ctx.log('info', 'two');
    await ctx.log('info', 'three');
    return 'finished';
  }
}

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);

  describe('resumable streams', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({ imports: [McpModule.forRoot({ name: 'resume' })], providers: [SlowTools, GatedTools] });
    });
    afterAll(() => running.close());

    it('starts every SSE stream with a priming event carrying an id and a retry field', async () => {
      const sessionId = await openSession(running.mcpUrl);
      const get = await openGet(running.mcpUrl, sessionId);
      const reader = new SseReader(get);
      const priming = await reader.next();
      expect(priming).toEqual({ id: expect.stringMatching(/\.\d+$/), retry: expect.any(Number), data: '' });
      await reader.cancel();
    });

    it('lets a resume of the GET stream take it over from a connection the server still holds, which closes', async () => {
      const sessionId = await openSession(running.mcpUrl);
      const stale = new SseReader(await openGet(running.mcpUrl, sessionId));
      const priming = (await stale.next())!;
      const resumedGet = await openGet(running.mcpUrl, sessionId, priming.id);
      expect(resumedGet.status).toBe(200);
      const resumed = new SseReader(resumedGet);
      expect(await resumed.next()).toEqual({ id: priming.id, retry: expect.any(Number), data: '' });
      expect(await stale.next()).toBeUndefined();
      const again = await openGet(running.mcpUrl, sessionId);
      expect(again.status).toBe(409);
      await again.text();
      running.app.get(McpRegistry).addTool({ name: 'after_takeover', handler: () => 'a' });
      const [changed] = await resumed.until((data) => data.method === 'notifications/tools/list_changed');
      expect(Number(changed!.id!.split('.').at(-1))).toBe(Number(priming.id!.split('.').at(-1)) + 1);
      await resumed.cancel();
      running.app.get(McpRegistry).removeTool('after_takeover');
    });

    it('replays exactly the missed GET events, in order, after Last-Event-ID', async () => {
      const sessionId = await openSession(running.mcpUrl);
      const registry = running.app.get(McpRegistry);
      const first = new SseReader(await openGet(running.mcpUrl, sessionId));
      await first.next();
      registry.addTool({ name: 'temp_a', handler: () => 'a' });
      const seen = await first.until((data) => data.method === 'notifications/tools/list_changed');
      const lastSeen = seen.at(-1)!.id!;
      await first.cancel();
      await new Promise((resolve) => setTimeout(resolve, 50));

      registry.removeTool('temp_a');
      await new Promise((resolve) => setTimeout(resolve, 10));
      registry.addPrompt({ name: 'temp_prompt', handler: () => 'p' });
      await new Promise((resolve) => setTimeout(resolve, 50));

      const resumed = new SseReader(await openGet(running.mcpUrl, sessionId, lastSeen));
      const replayed = (await resumed.until((data) => data.method === 'notifications/prompts/list_changed')).filter((event) => event.data);
      expect(replayed.map((event) => JSON.parse(event.data).method)).toEqual([
        'notifications/tools/list_changed',
        'notifications/prompts/list_changed',
      ]);
      const sequences = replayed.map((event) => Number(event.id!.split('.').at(-1)));
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(Number(lastSeen.split('.').at(-1))).toBeLessThan(sequences[0]!);
      await resumed.cancel();
      registry.removePrompt('temp_prompt');
    });

    it('resumes a POST stream the server closed before its response, and delivers the response', async () => {
      const sessionId = await openSession(running.mcpUrl);
      await post(running.mcpUrl, sessionId, { jsonrpc: '2.0', id: 1, method: 'logging/setLevel', params: { level: 'debug' } });
      const response = await post(running.mcpUrl, sessionId, {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'polling', arguments: {} },
      });
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const reader = new SseReader(response);
      const beforeClose: string[] = [];
      let lastId = '';
      for (let event = await reader.next(); event; event = await reader.next()) {
        lastId = event.id ?? lastId;
        if (event.data) beforeClose.push(JSON.parse(event.data).params.data);
      }
      expect(beforeClose).toEqual(['one']);

      const resumed = new SseReader(await openGet(running.mcpUrl, sessionId, lastId));
      const rest: unknown[] = [];
      for (let event = await resumed.next(); event; event = await resumed.next()) {
        if (event.data) rest.push(JSON.parse(event.data));
      }
      expect(rest).toEqual([
        expect.objectContaining({ method: 'notifications/message', params: expect.objectContaining({ data: 'two' }) }),
        expect.objectContaining({ method: 'notifications/message', params: expect.objectContaining({ data: 'three' }) }),
        { jsonrpc: '2.0', id: 2, result: { content: [{ type: 'text', text: 'finished' }] } },
      ]);
    });

    it('primes a resumed stream with the id it resumes from, so a stream cut again before its next event completes', async () => {
      gate.close();
      const sessionId = await openSession(running.mcpUrl);
      await post(running.mcpUrl, sessionId, { jsonrpc: '2.0', id: 1, method: 'logging/setLevel', params: { level: 'info' } });
      const call = new SseReader(await post(running.mcpUrl, sessionId, { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'gated', arguments: {} } }));
      await call.next();
      const logged = (await call.next())!;
      expect(JSON.parse(logged.data).params.data).toBe('waiting');
      await call.cancel();

      // Nothing new happens on the stream; each resumption still starts with an event carrying an id.
      for (let cut = 0; cut < 2; cut += 1) {
        const resumed = new SseReader(await openGet(running.mcpUrl, sessionId, logged.id));
        expect(await resumed.next()).toEqual({ id: logged.id, retry: expect.any(Number), data: '' });
        await resumed.cancel();
      }

      const last = new SseReader(await openGet(running.mcpUrl, sessionId, logged.id));
      expect((await last.next())!.id).toBe(logged.id);
      gate.release();
      const answer = (await last.next())!;
      expect(JSON.parse(answer.data)).toEqual({ jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: 'through' }] } });
      expect(Number(answer.id!.split('.').at(-1))).toBeGreaterThan(Number(logged.id!.split('.').at(-1)));
      expect(await last.next()).toBeUndefined();
    });

    it('refuses a Last-Event-ID of another session by opening a fresh stream instead', async () => {
      const owner = await openSession(running.mcpUrl);
      const stranger = await openSession(running.mcpUrl);
      const ownerReader = new SseReader(await openGet(running.mcpUrl, owner));
      const priming = await ownerReader.next();
      await ownerReader.cancel();
      const strangerReader = new SseReader(await openGet(running.mcpUrl, stranger, priming!.id));
      const first = await strangerReader.next();
      expect(first!.id).not.toEqual(priming!.id);
      expect(first!.id!.split('.')[0]).not.toEqual(priming!.id!.split('.')[0]);
      await strangerReader.cancel();
    });
  });
});

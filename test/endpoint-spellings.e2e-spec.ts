import 'reflect-metadata';
import { McpModule } from 'nestjs-mcp';
import { rawRequest } from './utils/raw-http.js';
import { PLATFORMS, startApp, type RunningApp } from './utils/start-app.js';

const INIT = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
const HOSTILE = { host: 'evil.example', origin: 'http://evil.example' };

/** Spellings a router may send to the endpoint: case, trailing slash, doubled slash, query string. */
function spellingsOf(path: string): string[] {
  const upper = path.toUpperCase();
  const capitalized = path.replace(/\/(\w)/g, (_, first: string) => `/${first.toUpperCase()}`);
  return [path, upper, capitalized, `${path}/`, `${upper}/`, `${path}?x=1`, `${upper}?x=1`, `/${path}`];
}

/**
 * Whatever the platform's router sends to the endpoint meets the Host/Origin check and the body limit: for every
 * spelling, a benign request tells whether the router serves it, and then a hostile one must be refused.
 */
describe.each(PLATFORMS)('every path spelling routed to the endpoint meets the gate, on %s', (platform) => {
  describe.each([
    { prefix: undefined, path: '/mcp' },
    { prefix: 'api', path: '/api/mcp' },
  ])('served at $path', ({ prefix, path }) => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp(
        { imports: [McpModule.forRoot({ name: 'spellings', maxBodyBytes: 2_000 })] },
        prefix ? (app) => app.setGlobalPrefix(prefix) : undefined,
        path.slice(1),
        platform,
      );
    });
    afterAll(() => running.close());

    it('refuses a hostile Host and Origin on every routed spelling, for POST, GET and DELETE', async () => {
      const routed: string[] = [];
      for (const spelling of spellingsOf(path)) {
        const url = new URL(running.baseUrl + spelling);
        const benign = await rawRequest(url, { body: INIT });
        if (benign.status === 404) continue;
        expect(benign.status).toBe(200);
        routed.push(spelling);
        for (const method of ['POST', 'GET', 'DELETE']) {
          const hostile = await rawRequest(url, { method, headers: HOSTILE, body: method === 'POST' ? INIT : undefined });
          expect({ spelling, method, status: hostile.status }).toEqual({ spelling, method, status: 403 });
          expect(hostile.json().error.message).toContain('not allowed');
        }
        const large = await rawRequest(url, { body: { ...INIT, padding: 'x'.repeat(3_000) } });
        expect({ spelling, status: large.status }).toEqual({ spelling, status: 413 });
        const malformed = await rawRequest(url, { body: '{"jsonrpc": "2.0",' });
        expect({ spelling, status: malformed.status, code: malformed.json().error.code }).toEqual({ spelling, status: 400, code: -32700 });
      }
      expect(routed).toContain(path);
      if (platform === 'express') expect(routed).toEqual(expect.arrayContaining([path.toUpperCase(), `${path}/`]));
    });
  });
});

import { randomUUID } from 'node:crypto';
import { DEFAULT_LIMIT, STRICT_LIMIT } from './fixtures/throttled-app.limits.js';
import { startChildApp, type ChildApp } from './utils/child-app.js';
import { answerMessage } from './utils/answer-message.js';
import { rawRequest, type RawResponse } from './utils/raw-http.js';
import { RawMcpSession } from './utils/raw-mcp-session.js';
import { statelessHeaders, statelessMeta } from './utils/stateless.js';
import { PLATFORMS } from './utils/start-app.js';

/** One MCP client of the throttled app, on one wire; every request carries its own `x-client` (the tracker). */
interface WireClient {
  readonly client: string;
  /** Sends a request with `id` and answers status, headers and the JSON-RPC message. */
  request(id: number, method: string, params?: Record<string, unknown>): Promise<{ status: number; retryAfter?: string; message: any }>;
}

function answerOf(response: RawResponse) {
  const retryAfter = response.headers['retry-after'];
  return { status: response.status, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined, message: answerMessage(response.text) };
}

/** A 2025-11-25 session: opening it takes two requests of the endpoint's bucket (initialize, initialized). */
async function sessionClient(app: ChildApp): Promise<WireClient> {
  const client = randomUUID();
  const session = await RawMcpSession.open(app.mcpUrl, { headers: { 'x-client': client } });
  return {
    client,
    request: async (id, method, params) => answerOf(await session.post({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) })),
  };
}

/** A 2026-07-28 stateless client: nothing to open. */
async function statelessClient(app: ChildApp): Promise<WireClient> {
  const client = randomUUID();
  return {
    client,
    request: async (id, method, params = {}) => {
      const body = { jsonrpc: '2.0', id, method, params: { ...params, _meta: statelessMeta() } };
      return answerOf(await rawRequest(app.mcpUrl, { headers: { ...statelessHeaders(method, params), 'x-client': client }, body }));
    },
  };
}

const WIRES = [
  { wire: '2025-11-25 session', open: sessionClient, openingRequests: 2 },
  { wire: '2026-07-28 stateless', open: statelessClient, openingRequests: 0 },
] as const;

/**
 * A real `@nestjs/throttler` ThrottlerGuard as a global guard (`APP_GUARD`). The app runs in its own process (see
 * `fixtures/throttled-app.main.ts` for why).
 */
describe.each(PLATFORMS)('a global ThrottlerGuard on the endpoint, on %s', (platform) => {
  let app: ChildApp;
  beforeAll(async () => {
    app = await startChildApp('test/fixtures/throttled-app.main.ts', [platform]);
  }, 90_000);
  afterAll(() => app?.close());

  describe.each(WIRES)('on the $wire wire', ({ open, openingRequests }) => {
    it("charges a tool call to its route's bucket only, and answers the call over the limit with 429, Retry-After and a JSON-RPC error", async () => {
      const client = await open(app);
      for (let call = 1; call <= STRICT_LIMIT; call++) {
        const answer = await client.request(call, 'tools/call', { name: 'strict', arguments: {} });
        expect({ call, status: answer.status, error: answer.message.error }).toEqual({ call, status: 200, error: undefined });
      }
      const refused = await client.request(100, 'tools/call', { name: 'strict', arguments: {} });
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(refused.message).toMatchObject({ jsonrpc: '2.0', id: 100, error: { code: -32000 } });
      expect(refused.message.error.message).toBe(`ThrottlerException: Too Many Requests. Retry after ${refused.retryAfter} s.`);

      // The route's own bucket: the HTTP route is now over its limit for this client too.
      const route = await rawRequest(new URL(`${app.baseUrl}/strict`), { headers: { 'x-client': client.client }, body: {} });
      expect(route.status).toBe(429);

      // The endpoint's bucket was not charged for the tool calls: it still has room for the rest of its limit.
      for (let list = openingRequests + 1; list <= DEFAULT_LIMIT; list++) {
        expect((await client.request(200 + list, 'tools/list')).status).toBe(200);
      }
    });

    it('exempts the tool of a @SkipThrottle() route, and charges the endpoint nothing for it', async () => {
      const client = await open(app);
      for (let call = 1; call <= DEFAULT_LIMIT + 2; call++) {
        const answer = await client.request(call, 'tools/call', { name: 'free', arguments: {} });
        expect({ call, status: answer.status }).toEqual({ call, status: 200 });
      }
      expect((await client.request(50, 'tools/list')).status).toBe(200);
    });

    it("counts other requests in the endpoint's one bucket, and answers the one over the limit with a JSON-RPC 429", async () => {
      const client = await open(app);
      for (let list = openingRequests + 1; list <= DEFAULT_LIMIT; list++) {
        expect((await client.request(list, 'tools/list')).status).toBe(200);
      }
      const refused = await client.request(77, 'prompts/list');
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(refused.message).toMatchObject({ jsonrpc: '2.0', id: 77, error: { code: -32000 } });
      // A tool call has its own bucket (a provider tool's, here): still allowed.
      expect((await client.request(78, 'tools/call', { name: 'provider_tool', arguments: {} })).status).toBe(200);
    });
  });
});

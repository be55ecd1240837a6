/**
 * `tools/list` with 201 and 2,001 tools, whole (one page) and paged, against a plain route that answers the same JSON
 * (an object built once that Nest serializes per request), in server CPU per request.
 * Run with `node bench/lists.bench.mjs` after `npm run build` (or through `npm run bench`).
 */
import { fixed, measure, openSession, printTable, startApp, statelessHeaders, verdict } from './lib/harness.mjs';

const PAGE = 50;
const STATELESS_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1.0.0' },
};

/** Adds `count` tools with realistic descriptions and schemas. */
function addTools(registry, count) {
  for (let index = 0; index < count; index += 1) {
    registry.addTool({
      name: `tool_${index}`,
      description: `Tool number ${index}: looks things up in the catalogue and returns what it found, with paging.`,
      inputSchema: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'What to look for' },
          limit: { type: 'integer', minimum: 1, maximum: 100 },
          tags: { type: 'array', items: { type: 'string' } },
        },
        required: ['query'],
      },
      annotations: { readOnlyHint: true },
      handler: () => 'ok',
    });
  }
}

const rows = [];
let whole201;
for (const tools of [200, 2_000]) {
  for (const pageSize of [100_000, PAGE]) {
    let answer;
    const { app, base, mcpUrl, registry } = await startApp({ mcp: { pageSize }, plainJson: () => answer });
    addTools(registry, tools);
    const session = await openSession(mcpUrl);
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    answer = await (await fetch(mcpUrl, { method: 'POST', headers: session, body })).json();
    const count = answer.result.tools.length;
    const shape = pageSize === PAGE ? `first page of ${PAGE}` : 'whole';
    const plain = await measure({ url: `${base}/plain/json` });
    const stateful = await measure({ url: mcpUrl, method: 'POST', headers: session, body });
    const ratio = plain.cpuUs / stateful.cpuUs;
    if (tools === 200 && pageSize !== PAGE) whole201 = ratio;
    rows.push([`${count} of ${tools + 1} tools, ${shape}`, '2025-11-25', fixed(stateful.cpuUs), fixed(plain.cpuUs), tools === 200 && pageSize !== PAGE ? verdict(ratio, 1.5) : `${ratio.toFixed(2)}×`]);
    if (pageSize !== PAGE) {
      const stateless = await measure({ url: mcpUrl, method: 'POST', headers: statelessHeaders('tools/list'), body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: STATELESS_META } }) });
      rows.push([`${count} of ${tools + 1} tools, ${shape}`, '2026-07-28', fixed(stateless.cpuUs), fixed(plain.cpuUs), `${(plain.cpuUs / stateless.cpuUs).toFixed(2)}×`]);
    }
    await app.close();
  }
}
printTable('tools/list vs a plain route answering the same JSON (server CPU per request)', ['list', 'wire', 'MCP µs', 'plain µs', 'plain / MCP'], rows);
console.log(`whole tools/list of 201 tools: ${verdict(whole201, 1.5)} of a plain route`);

import { McpRedisModule } from '../dist/redis/index.js';
import { openSession, startApp, startRedis } from './lib/harness.mjs';
const srv = await startRedis();
const app = await startApp({ mcp: { streams: { maxBufferedBytes: 1e9 } }, extraImports: [McpRedisModule.forRoot({ url: srv.url, keyPrefix: 'b:' })] });
app.registry.addTool({ name: 'progress', handler: async (args, ctx) => { for (let s = 1; s <= args.steps; s++) await ctx.reportProgress(s, args.steps); return 'done'; } });
const session = await openSession(app.mcpUrl);
for (const steps of [2000, 40000]) {
  const t = process.hrtime.bigint();
  const r = await fetch(app.mcpUrl, { method: 'POST', headers: session, body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'progress', arguments: { steps }, _meta: { progressToken: 'p' } } }) });
  const text = await r.text();
  console.log(steps, (steps / (Number(process.hrtime.bigint() - t) / 1e9)).toFixed(0), '/s');
}
await app.app.close(); await srv.stop();

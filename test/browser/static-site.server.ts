import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

const ROOT = process.cwd();

/**
 * The SDK's ESM dependencies by bare specifier, as the browser must load them (their `import`/`browser`
 * conditions). `content-type` is CommonJS without `require()` calls: it is served wrapped as a module.
 */
const IMPORT_MAP: Record<string, string> = {
  'zod/v3': '/node_modules/zod/v3/index.js',
  'zod/v4': '/node_modules/zod/v4/index.js',
  'zod/v4-mini': '/node_modules/zod/v4-mini/index.js',
  'zod-to-json-schema': '/node_modules/zod-to-json-schema/dist/esm/index.js',
  'pkce-challenge': '/node_modules/pkce-challenge/dist/index.browser.js',
  'eventsource-parser/stream': '/node_modules/eventsource-parser/dist/stream.js',
  'content-type': '/cjs/content-type/index.js',
};

/**
 * The SDK client validates tool output schemas with Ajv, which is CommonJS and cannot load in a browser without
 * a bundler. This page's tools have no output schema, so the validator module is replaced by one that compiles
 * nothing and accepts every value.
 */
const AJV_PROVIDER_STAND_IN = `export class AjvJsonSchemaValidator {
  getValidator() { return (input) => ({ valid: true, data: input, errorMessage: undefined }); }
}`;

/** The page: initializes the SDK client against `mcpUrl`, lists tools and calls one, and reports to `window`. */
function page(origin: string, mcpUrl: string): string {
  const imports = Object.fromEntries(Object.entries(IMPORT_MAP).map(([name, path]) => [name, `${origin}${path}`]));
  imports[`${origin}/node_modules/@modelcontextprotocol/sdk/dist/esm/validation/ajv-provider.js`] = `${origin}/shim/ajv-provider.js`;
  return `<!doctype html>
<html><head><meta charset="utf-8"><script type="importmap">${JSON.stringify({ imports })}</script></head>
<body><script type="module">
  import { Client } from '/node_modules/@modelcontextprotocol/sdk/dist/esm/client/index.js';
  import { StreamableHTTPClientTransport } from '/node_modules/@modelcontextprotocol/sdk/dist/esm/client/streamableHttp.js';
  try {
    const transport = new StreamableHTTPClientTransport(new URL(${JSON.stringify(mcpUrl)}));
    const client = new Client({ name: 'browser-page', version: '1.0.0' });
    await client.connect(transport);
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    const called = await client.callTool({ name: 'provider_whoami', arguments: {} });
    window.mcpResult = { sessionId: transport.sessionId, protocolVersion: transport.protocolVersion, tools, called };
    await client.close();
  } catch (error) {
    window.mcpResult = { error: String(error && error.stack || error) };
  }
</script></body></html>`;
}

/** A running static site: its origin and how to close it. */
export interface StaticSite {
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves the test page and the repository's node_modules on 127.0.0.1, on a port of its own (another origin). */
export async function startStaticSite(mcpUrl: () => string): Promise<StaticSite> {
  let origin = '';
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const send = (status: number, type: string, body: string | Buffer) => response.writeHead(status, { 'content-type': type }).end(body);
    if (path === '/') return send(200, 'text/html', page(origin, mcpUrl()));
    if (path === '/shim/ajv-provider.js') return send(200, 'text/javascript', AJV_PROVIDER_STAND_IN);
    const commonJs = path.startsWith('/cjs/');
    const file = normalize(join(ROOT, commonJs ? `/node_modules/${path.slice('/cjs/'.length)}` : path));
    if (!file.startsWith(join(ROOT, 'node_modules'))) return send(404, 'text/plain', 'not found');
    readFile(file).then(
      (content) => {
        const body = commonJs ? `const module = { exports: {} }; const exports = module.exports;\n${content}\nexport default module.exports;` : content;
        send(200, file.endsWith('.json') ? 'application/json' : 'text/javascript', body);
      },
      () => send(404, 'text/plain', 'not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

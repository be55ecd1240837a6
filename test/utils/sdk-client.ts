import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** Connects the official SDK client (2025-11-25) to an endpoint, optionally with extra request headers. */
export async function connectSdkClient(url: URL, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'nestjs-mcp-tests', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers } });
  await client.connect(transport);
  return client;
}

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** The client name every test client declares in `initialize`. */
export const TEST_CLIENT_INFO = { name: 'nestjs-mcp-tests', version: '1.0.0' } as const;

/**
 * Connects the official SDK client (2025-11-25) to an endpoint, optionally with extra request headers.
 *
 * Close every client a test opens (prefer `RunningApp.connect`, which does it for you): an open client keeps a GET
 * stream to the server, and when the server ends that stream on shutdown the SDK schedules reconnection timers that
 * keep Jest from exiting.
 */
export async function connectSdkClient(url: URL, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ ...TEST_CLIENT_INFO });
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers } });
  await client.connect(transport);
  return client;
}

/** The session id the server gave an SDK client. */
export function sessionIdOf(client: Client): string | undefined {
  return (client.transport as StreamableHTTPClientTransport | undefined)?.sessionId;
}

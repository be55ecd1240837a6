import type { McpCallToolResult, McpGetPromptResult, McpReadResourceResult } from '../protocol/mcp-types.js';
import { runStatelessTask } from './stateless-task.runner.js';
import { DEFAULT_CLIENT_INFO, kitCapabilities, listPage, type WireClient, type WireClientSetup } from './wire-client.js';

/**
 * The 2026-07-28 wire through `@modelcontextprotocol/client` 2.x (loaded when first used: an optional peer). The
 * client answers input-required rounds itself with the elicitation and sampling handlers.
 */
export async function connectModernWire(setup: WireClientSetup): Promise<WireClient> {
  const { Client, StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
  const { options } = setup;
  const capabilities = kitCapabilities(options);
  const client = new Client(options.clientInfo ?? DEFAULT_CLIENT_INFO, {
    capabilities,
    versionNegotiation: { mode: { pin: '2026-07-28' } },
  });
  if (options.onElicitation) {
    const answer = options.onElicitation;
    client.setRequestHandler('elicitation/create', async (request) => (await answer(request.params as never)) as never);
  }
  if (options.onSampling) {
    const answer = options.onSampling;
    client.setRequestHandler('sampling/createMessage', async (request) => (await answer(request.params as never)) as never);
  }
  client.setNotificationHandler('notifications/message', (notification) => {
    setup.onLog(notification.params as never);
  });
  await client.connect(new StreamableHTTPClientTransport(setup.url, { fetch: setup.fetch }));

  return {
    list: (kind, cursor, requestOptions) => listPage(client, kind, cursor, requestOptions),
    async callTool(params, requestOptions) {
      return (await client.callTool(params as never, requestOptions as never)) as McpCallToolResult;
    },
    async readResource(params, requestOptions) {
      return (await client.readResource(params as never, requestOptions)) as McpReadResourceResult;
    },
    async getPrompt(params, requestOptions) {
      return (await client.getPrompt(params as never, requestOptions)) as McpGetPromptResult;
    },
    runTask: (params, _ttlMs, requestOptions) => runStatelessTask(setup, params, requestOptions),
    close: () => client.close(),
  };
}

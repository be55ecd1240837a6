import type { McpCallToolResult, McpGetPromptResult, McpReadResourceResult } from '../protocol/mcp-types.js';
import { DEFAULT_CLIENT_INFO, kitCapabilities, listPage, type WireClient, type WireClientSetup } from './wire-client.js';

/** The 2025-11-25 wire through `@modelcontextprotocol/sdk` 1.x (loaded when first used: an optional peer). */
export async function connectLegacyWire(setup: WireClientSetup): Promise<WireClient> {
  // One after the other: Jest's ESM loader can fail on parallel first imports of modules sharing dependencies.
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const types = await import('@modelcontextprotocol/sdk/types.js');
  const { options } = setup;
  const capabilities = kitCapabilities(options);
  const client = new Client(options.clientInfo ?? DEFAULT_CLIENT_INFO, { capabilities });
  if (options.onElicitation) {
    const answer = options.onElicitation;
    client.setRequestHandler(types.ElicitRequestSchema, async (request) => (await answer(request.params as never)) as never);
  }
  if (options.onSampling) {
    const answer = options.onSampling;
    client.setRequestHandler(types.CreateMessageRequestSchema, async (request) => (await answer(request.params)) as never);
  }
  client.setNotificationHandler(types.LoggingMessageNotificationSchema, (notification) => {
    setup.onLog(notification.params as never);
  });
  await client.connect(new StreamableHTTPClientTransport(setup.url, { fetch: setup.fetch }));

  return {
    list: (kind, cursor, requestOptions) => listPage(client, kind, cursor, requestOptions),
    async callTool(params, requestOptions) {
      return (await client.callTool(params as never, undefined, requestOptions)) as McpCallToolResult;
    },
    async readResource(params, requestOptions) {
      return (await client.readResource(params as never, requestOptions)) as McpReadResourceResult;
    },
    async getPrompt(params, requestOptions) {
      return (await client.getPrompt(params as never, requestOptions)) as McpGetPromptResult;
    },
    async runTask(params, ttlMs, requestOptions) {
      const created = await client.request(
        { method: 'tools/call', params: { ...params, task: ttlMs === undefined ? {} : { ttl: ttlMs } } },
        types.CreateTaskResultSchema,
        requestOptions,
      );
      const result = await client.request(
        { method: 'tasks/result', params: { taskId: created.task.taskId } },
        types.CallToolResultSchema,
        requestOptions,
      );
      return result as McpCallToolResult;
    },
    close: () => client.close(),
  };
}

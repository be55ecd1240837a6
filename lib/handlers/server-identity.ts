import { Inject, Injectable } from '@nestjs/common';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import type { McpImplementation, McpServerCapabilities } from '../protocol/mcp-types.js';
import { TASKS_EXTENSION } from '../tasks/task-protocol.js';

/** The server's identity and capabilities, computed once from the options. */
@Injectable()
export class ServerIdentity {
  readonly serverInfo: McpImplementation;
  /** Capabilities announced by `initialize` (stateful wire). */
  readonly capabilities: McpServerCapabilities;
  /** Capabilities announced by `server/discover` (stateless wire): resource updates come through `subscriptions/listen`. */
  readonly statelessCapabilities: McpServerCapabilities;
  readonly instructions?: string;

  constructor(@Inject(MCP_RESOLVED_OPTIONS) options: ResolvedMcpOptions) {
    this.serverInfo = {
      name: options.name,
      version: options.version,
      ...(options.title ? { title: options.title } : {}),
    };
    this.capabilities = {
      tools: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      prompts: { listChanged: true },
      logging: {},
      completions: {},
      ...(options.tasks.enabled ? { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } } : {}),
    };
    this.statelessCapabilities = {
      tools: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      prompts: { listChanged: true },
      logging: {},
      completions: {},
      ...(options.tasks.enabled ? { extensions: { [TASKS_EXTENSION]: {} } } : {}),
    };
    this.instructions = options.instructions;
  }
}

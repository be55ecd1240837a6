import { Inject, Injectable } from '@nestjs/common';
import { McpRegistry } from '../discovery/mcp.registry.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import type { McpImplementation, McpServerCapabilities } from '../protocol/mcp-types.js';
import { SKILLS_EXTENSION } from '../skills/skill.types.js';
import { TASKS_EXTENSION } from '../tasks/task-protocol.js';

/**
 * The server's identity and capabilities. Most of it follows from the options; `completions` is declared only
 * while something completes, and an OpenAPI document's title and version stand in for unset `name`/`version`.
 */
@Injectable()
export class ServerIdentity {
  readonly instructions?: string;

  constructor(
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
    private readonly registry: McpRegistry,
  ) {
    this.instructions = options.instructions;
  }

  get serverInfo(): McpImplementation {
    const info = this.registry.getOpenApiInfo();
    const { explicitIdentity } = this.options;
    return {
      name: (!explicitIdentity.name && info?.title) || this.options.name,
      version: (!explicitIdentity.version && info?.version) || this.options.version,
      ...(this.options.title ? { title: this.options.title } : {}),
    };
  }

  /** Capabilities announced by `initialize` (stateful wire). */
  get capabilities(): McpServerCapabilities {
    const { tasks, skills } = this.options;
    return {
      tools: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      prompts: { listChanged: true },
      logging: {},
      ...(this.registry.hasCompletions() ? { completions: {} } : {}),
      ...(tasks.enabled ? { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } } : {}),
      ...(skills ? { extensions: { [SKILLS_EXTENSION]: { directoryRead: true } } } : {}),
    };
  }

  /** Capabilities announced by `server/discover` (stateless wire): resource updates come through `subscriptions/listen`. */
  get statelessCapabilities(): McpServerCapabilities {
    const { tasks, skills } = this.options;
    const extensions = {
      ...(tasks.enabled ? { [TASKS_EXTENSION]: {} } : {}),
      ...(skills ? { [SKILLS_EXTENSION]: { directoryRead: true } } : {}),
    };
    return {
      tools: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      prompts: { listChanged: true },
      logging: {},
      ...(this.registry.hasCompletions() ? { completions: {} } : {}),
      ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
    };
  }
}

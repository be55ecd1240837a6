import { Injectable } from '@nestjs/common';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import type { McpMethodFamily, McpMethodHandler } from '../context/mcp-request-scope.js';
import { MCP_LOGGING_LEVELS, type McpLoggingLevel } from '../protocol/mcp-types.js';
import { McpSessionManager } from '../sessions/mcp-session.manager.js';
import { ServerIdentity } from './server-identity.js';

/** `initialize`, `ping` and `logging/setLevel`. */
@Injectable()
export class LifecycleHandler implements McpMethodFamily {
  readonly methods: Record<string, McpMethodHandler> = {
    initialize: async (_params, scope) => ({
      protocolVersion: scope.protocolVersion,
      capabilities: this.identity.capabilities,
      serverInfo: this.identity.serverInfo,
      ...(this.identity.instructions ? { instructions: this.identity.instructions } : {}),
    }),
    ping: async () => ({}),
    'logging/setLevel': async (params, scope) => {
      const level = params.level;
      if (typeof level !== 'string' || !MCP_LOGGING_LEVELS.includes(level as McpLoggingLevel)) {
        throw McpProtocolError.invalidParams(
          `Unknown logging level ${JSON.stringify(level)}. Use one of: ${MCP_LOGGING_LEVELS.join(', ')}.`,
        );
      }
      if (scope.session) {
        scope.session = await this.sessions.patch(scope.session, { logLevel: level as McpLoggingLevel });
      }
      return {};
    },
  };

  constructor(
    private readonly identity: ServerIdentity,
    private readonly sessions: McpSessionManager,
  ) {}
}

import type { McpClientCapabilities, McpImplementation, McpLoggingLevel } from '../../protocol/mcp-types.js';

/** What a stateless request says about itself in `params._meta`. */
export interface StatelessRequestMeta {
  readonly protocolVersion: string;
  readonly clientCapabilities: McpClientCapabilities;
  readonly clientInfo?: McpImplementation;
  readonly logLevel?: McpLoggingLevel;
}

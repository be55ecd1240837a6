import { Injectable } from '@nestjs/common';
import type { McpMethodFamily, McpMethodHandler } from '../context/mcp-request-scope.js';
import { MetaKey, STATELESS_PROTOCOL_VERSIONS } from '../protocol/stateless-protocol.js';
import { ServerIdentity } from './server-identity.js';

/** `server/discover` (stateless wire): what the server supports, in place of `initialize`. */
@Injectable()
export class DiscoverHandler implements McpMethodFamily {
  readonly methods: Record<string, McpMethodHandler> = {
    'server/discover': async () => ({
      supportedVersions: [...STATELESS_PROTOCOL_VERSIONS],
      capabilities: this.identity.statelessCapabilities,
      ...(this.identity.instructions ? { instructions: this.identity.instructions } : {}),
      _meta: { [MetaKey.SERVER_INFO]: this.identity.serverInfo },
    }),
  };

  constructor(private readonly identity: ServerIdentity) {}
}

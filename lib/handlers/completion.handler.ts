import { Injectable } from '@nestjs/common';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import type { McpMethodFamily, McpMethodHandler } from '../context/mcp-request-scope.js';

/**
 * `completion/complete`. Argument completion is not wired to handlers yet: the server answers with no
 * suggestions, which clients treat as "type freely".
 */
@Injectable()
export class CompletionHandler implements McpMethodFamily {
  readonly methods: Record<string, McpMethodHandler> = {
    'completion/complete': async (params) => {
      const ref = params.ref as { type?: unknown } | undefined;
      if (!ref || (ref.type !== 'ref/prompt' && ref.type !== 'ref/resource')) {
        throw McpProtocolError.invalidParams('completion/complete needs "ref" of type "ref/prompt" or "ref/resource".');
      }
      const argument = params.argument as { name?: unknown } | undefined;
      if (!argument || typeof argument.name !== 'string') {
        throw McpProtocolError.invalidParams('completion/complete needs "argument" with a "name".');
      }
      return { completion: { values: [], total: 0, hasMore: false } };
    },
  };
}

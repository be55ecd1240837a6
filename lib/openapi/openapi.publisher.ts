import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { McpRegistry } from '../discovery/mcp.registry.js';
import { McpDefinitionError } from '../errors/mcp-definition.error.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';

/** Publishes the `openapi.document` option as a resource at bootstrap. */
@Injectable()
export class McpOpenApiPublisher implements OnModuleInit {
  constructor(
    private readonly registry: McpRegistry,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  onModuleInit(): void {
    const source = this.options.openapi.document;
    if (source === undefined) return;
    let document: object;
    try {
      document = typeof source === 'function' ? source() : source;
    } catch (error) {
      throw new McpDefinitionError('openapi.document', `Building the OpenAPI document failed: ${(error as Error).message}`);
    }
    this.registry.setOpenApiDocument(document);
  }
}

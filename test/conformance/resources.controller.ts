import { Controller, Get, Param } from '@nestjs/common';
import { McpResource } from 'nestjs-mcp';

/**
 * Resources hosted on controller routes. `test://static-text` is declared first on purpose: the `caching`
 * scenario reads the first URI of `resources/list`.
 */
@Controller('conformance/resources')
export class ResourcesController {
  @Get('static-text')
  @McpResource({ uri: 'test://static-text', name: 'static_text', description: 'A static text resource', mimeType: 'text/plain' })
  staticText(): string {
    return 'This is the content of the static text resource.';
  }

  /** The template variable `{id}` arrives as the route parameter of the same name. */
  @Get('template/:id/data')
  @McpResource({
    uriTemplate: 'test://template/{id}/data',
    name: 'template_data',
    description: 'A JSON document for any id',
    mimeType: 'application/json',
  })
  templateData(@Param('id') id: string): Record<string, unknown> {
    return { id, templateTest: true, data: `Data for ID: ${id}` };
  }
}

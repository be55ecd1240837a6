import { Controller, Get, Query } from '@nestjs/common';
import { McpTool } from 'nestjs-mcp';

/**
 * A controller route whose argument is mirrored in a request header: the `x-mcp-header` keyword makes the
 * package check `Mcp-Param-Region` against the `region` argument on the 2026-07-28 wire.
 */
@Controller('conformance/header-params')
export class HeaderParamToolsController {
  @Get('region')
  @McpTool({
    name: 'test_header_param',
    description: 'Echoes a region that is also sent in the Mcp-Param-Region header',
    inputSchema: {
      type: 'object',
      properties: { region: { type: 'string', description: 'A region name', 'x-mcp-header': 'Region' } },
      required: ['region'],
    },
  })
  region(@Query('region') region: string): string {
    return `Region: ${region}`;
  }
}

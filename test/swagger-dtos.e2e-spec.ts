import 'reflect-metadata';
import { Body, Controller, Get, Post, Query, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiProperty, ApiPropertyOptional, ApiQuery, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { McpModule, McpTool } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';

class CreateTicketDto {
  @ApiProperty({ description: 'Short summary', example: 'Printer on fire' })
  @IsString()
  @MaxLength(60)
  summary!: string;

  @ApiPropertyOptional({ enum: ['low', 'high'], description: 'Urgency' })
  urgency?: 'low' | 'high';
}

@Controller('tickets')
class TicketsController {
  @Post()
  @McpTool({ name: 'create_ticket' })
  create(@Body() dto: CreateTicketDto) {
    return { summary: dto.summary, urgency: dto.urgency ?? 'low' };
  }

  @Get()
  @ApiQuery({ name: 'status', enum: ['open', 'closed'], description: 'Filter by status' })
  @McpTool({ name: 'list_tickets' })
  list(@Query() query: Record<string, string>) {
    return { status: query.status };
  }
}

describe('Swagger DTOs through MCP', () => {
  let app: INestApplication;
  let mcp: McpTestClient;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [McpModule.forRoot({ name: 'swagger-dtos' })],
      controllers: [TicketsController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    mcp = await McpTestClient.connect(app);
  });
  afterAll(async () => {
    await mcp?.close();
    await app?.close();
  });

  it('advertises schemas built from @ApiProperty and @ApiQuery, merged with class-validator', async () => {
    const tools = await mcp.listTools();
    expect(tools.find((tool) => tool.name === 'create_ticket')?.inputSchema).toEqual({
      type: 'object',
      properties: {
        summary: { type: 'string', maxLength: 60, description: 'Short summary', examples: ['Printer on fire'] },
        urgency: { type: 'string', enum: ['low', 'high'], description: 'Urgency' },
      },
      required: ['summary'],
    });
    expect(tools.find((tool) => tool.name === 'list_tickets')?.inputSchema).toEqual({
      type: 'object',
      properties: { status: { type: 'string', enum: ['open', 'closed'], description: 'Filter by status' } },
      required: ['status'],
    });
  });

  it('calls the routes with the arguments the schemas describe', async () => {
    expect((await mcp.callTool('create_ticket', { summary: 'Jammed', urgency: 'high' })).value).toEqual({
      summary: 'Jammed',
      urgency: 'high',
    });
    expect((await mcp.callTool('list_tickets', { status: 'open' })).value).toEqual({ status: 'open' });
  });

  it('keeps the MCP endpoint out of the generated OpenAPI document', () => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('Tickets').build());
    expect(Object.keys(document.paths).sort()).toEqual(['/tickets']);
  });
});

import 'reflect-metadata';
import { Controller, Get, Injectable, Param, ParseUUIDPipe, Query, ValidationPipe } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { McpArgs, McpDefinitionError, McpModule, McpRegistry, McpTool } from 'nestjs-mcp';
import { statelessRequest } from './utils/stateless.js';
import { startApp, type RunningApp } from './utils/start-app.js';

class ProfileDto {
  @IsString() name!: string;
}

@Controller('notes')
class NotesController {
  @Get()
  @McpTool({ name: 'list_notes' })
  list(@Query('tag') tag?: string) {
    return { tag: tag ?? null };
  }

  @Get(':id')
  @McpTool({ name: 'get_note' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return { id };
  }
}

@Injectable()
class ProfileTools {
  @McpTool({ name: 'save_profile', description: 'Saves a profile' })
  saveProfile(@McpArgs() profile: ProfileDto) {
    return { keys: Object.keys(profile).sort(), isDto: profile instanceof ProfileDto };
  }

  @McpTool({
    name: 'send_mail',
    description: 'Sends mail',
    inputSchema: {
      type: 'object',
      properties: { to: { type: 'string', format: 'email' }, count: { type: 'integer', minimum: 1 } },
      required: ['to'],
      additionalProperties: false,
    },
  })
  sendMail(@McpArgs() args: Record<string, unknown>) {
    return { sent: args.to };
  }
}

function textOf(result: Record<string, unknown>): string {
  return ((result.content as { text?: string }[] | undefined) ?? []).map((item) => item.text ?? '').join('\n');
}

describe('arguments are checked against the advertised input schema', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({ imports: [McpModule.forRoot({ name: 'schema' })], controllers: [NotesController], providers: [ProfileTools] });
  });
  afterAll(() => running.close());

  it('refuses a value of the wrong type for a route query parameter, naming its pointer', async () => {
    const client = await running.connect();
    const result = await client.callTool({ name: 'list_notes', arguments: { tag: { nested: true } } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('input schema of tool "list_notes"');
    expect(textOf(result)).toMatch(/^- \/arguments\/tag: must be string$/m);
  });

  it('names a missing required argument instead of running the pipeline', async () => {
    const client = await running.connect();
    const result = await client.callTool({ name: 'get_note', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^- \/arguments\/id: required$/m);
    expect(textOf(result)).not.toContain('UUID');
  });

  it('checks formats and unknown properties of an explicit schema on a provider tool', async () => {
    const client = await running.connect();
    const result = await client.callTool({ name: 'send_mail', arguments: { to: 'not-an-email', count: 0, bcc: 'x' } });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toMatch(/^- \/arguments\/to: must match format "email"$/m);
    expect(text).toMatch(/^- \/arguments\/count: must be >= 1$/m);
    expect(text).toMatch(/^- \/arguments\/bcc: is not allowed$/m);
    const sent = await client.callTool({ name: 'send_mail', arguments: { to: 'a@example.com' } });
    expect(sent.structuredContent).toEqual({ sent: 'a@example.com' });
  });

  it('checks the schema of a tool added at run time', async () => {
    running.app.get(McpRegistry).addTool({
      name: 'runtime_echo',
      description: 'Echoes',
      inputSchema: { type: 'object', properties: { word: { type: 'string', minLength: 2 } }, required: ['word'] },
      handler: (args) => String(args.word),
    });
    const client = await running.connect();
    const result = await client.callTool({ name: 'runtime_echo', arguments: { word: 'a' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^- \/arguments\/word: must NOT have fewer than 2 characters$/m);
  });

  it('answers the same on the stateless wire', async () => {
    const { status, body } = await statelessRequest(running.mcpUrl, 'tools/call', { name: 'get_note', arguments: {} });
    expect(status).toBe(200);
    expect(body.result.isError).toBe(true);
    expect(textOf(body.result)).toMatch(/^- \/arguments\/id: required$/m);
  });

  it('refuses a tool whose schema is not valid JSON Schema at bootstrap', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [McpModule.forRoot({ name: 'bad' })] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      expect(() =>
        app.get(McpRegistry).addTool({ name: 'broken', description: 'Broken', inputSchema: { type: 'no-such-type' } as never, handler: () => 'x' }),
      ).toThrow(McpDefinitionError);
    } finally {
      await app.close();
    }
  });
});

describe('@McpArgs() honours the global ValidationPipe', () => {
  async function call(pipe: ValidationPipe | undefined, args: Record<string, unknown>) {
    const running = await startApp(
      { imports: [McpModule.forRoot({ name: 'pipes' })], providers: [ProfileTools] },
      (app) => pipe && app.useGlobalPipes(pipe),
    );
    try {
      const client = await running.connect();
      return await client.callTool({ name: 'save_profile', arguments: args });
    } finally {
      await running.close();
    }
  }

  it('strips unknown properties with whitelist', async () => {
    const result = await call(new ValidationPipe({ whitelist: true, transform: true }), { name: 'Ada', isAdmin: true });
    expect(result.structuredContent).toEqual({ keys: ['name'], isDto: true });
  });

  it('reports unknown properties with forbidNonWhitelisted', async () => {
    const result = await call(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }), { name: 'Ada', isAdmin: true });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^- \/arguments\/isAdmin: property isAdmin should not exist$/m);
  });

  it('hands a plain object to the handler when the app does not transform', async () => {
    const result = await call(new ValidationPipe({ whitelist: true }), { name: 'Ada', isAdmin: true });
    expect(result.structuredContent).toEqual({ keys: ['name'], isDto: false });
  });

  it('keeps unknown properties and hands the DTO without a global pipe', async () => {
    const result = await call(undefined, { name: 'Ada', isAdmin: true });
    expect(result.structuredContent).toEqual({ keys: ['isAdmin', 'name'], isDto: true });
  });
});

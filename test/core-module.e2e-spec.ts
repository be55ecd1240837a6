import 'reflect-metadata';
import { Body, Controller, Get, Injectable, Module, NotFoundException, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { IsEnum, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { McpArgs, McpCtx, McpDefinitionError, McpModule, McpPrompt, McpRegistry, McpResource, McpTool, type McpContext } from 'nestjs-mcp';
import { connectSdkClient } from './utils/sdk-client.js';
import { bootstrapError, PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt ')]);

enum Colour { Red = 'red', Blue = 'blue' }

class PaintDto {
  @IsString() name!: string;
  @IsEnum(Colour) colour!: Colour;
  @IsOptional() @IsInt() @Min(1) coats?: number;
}

class RenameDto {
  @IsString() id!: string;
  @IsString() title!: string;
}

@Controller('things')
class ThingsController {
  @Post(':room')
  @McpTool({ tags: ['write'] })
  paintRoom(@Param('room') room: string, @Body() dto: PaintDto, @Query('dryRun') dryRun?: string) {
    return { room, dryRun: dryRun ?? null, ...dto };
  }

  @Post(':id/rename')
  @McpTool()
  rename(@Param('id') id: string, @Body() dto: RenameDto) {
    return { id, body: dto };
  }

  @Get('missing/:id')
  @McpTool({ description: 'Always 404' })
  missing(@Param('id') id: string) {
    throw new NotFoundException(`Thing "${id}" does not exist.`);
  }

  @Get(':id')
  @McpResource({ uriTemplate: 'things://things/{id}', mimeType: 'application/json' })
  read(@Param('id') id: string) {
    return { id };
  }
}

@Injectable()
class Media {
  @McpTool({ description: 'A PNG', tags: ['media'] })
  picture() {
    return PNG;
  }

  @McpTool({ description: 'A WAV', tags: ['media'] })
  sound() {
    return new StreamableFile(Readable.from([WAV]), { type: 'audio/wav' });
  }

  @McpTool({ description: 'Already a result' })
  explicit() {
    return { content: [{ type: 'text', text: 'as is' }], isError: false };
  }

  @McpTool({ description: 'Who am I' })
  whoAmI(@McpCtx() ctx: McpContext) {
    return { sessionId: ctx.sessionId, client: ctx.clientInfo?.name };
  }

  @McpResource({ uri: 'media://logo', mimeType: 'image/png' })
  logo() {
    return PNG;
  }

  @McpResource({ uri: 'media://readme' })
  readme() {
    return 'Read me';
  }

  @McpPrompt({ description: 'Paint advice', arguments: [{ name: 'room', required: true }, { name: 'mood' }] })
  advice(@McpArgs() args: { room: string; mood?: string }) {
    return `How should I paint the ${args.room}${args.mood ? ` for a ${args.mood} mood` : ''}?`;
  }
}

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);

  describe('module, discovery and results', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({ imports: [McpModule.forRoot({ name: 'core', pageSize: 3 })], controllers: [ThingsController], providers: [Media] });
    });
    afterAll(() => running.close());

    it('derives input schemas from route parameters and DTOs, nesting the body on a name clash', async () => {
      const client = await running.connect();
      const tools = [];
      for (let cursor: string | undefined, first = true; first || cursor; first = false) {
        const page = await client.listTools(cursor ? { cursor } : {});
        tools.push(...page.tools);
        cursor = page.nextCursor;
      }
      const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
      expect(byName.paintRoom!.inputSchema).toMatchObject({
        type: 'object',
        properties: { room: { type: 'string' }, dryRun: { type: 'string' }, name: { type: 'string' }, colour: { enum: ['red', 'blue'] }, coats: { type: 'integer', minimum: 1 } },
        required: expect.arrayContaining(['room', 'name', 'colour']),
      });
      expect(byName.paintRoom!.inputSchema.required).not.toContain('coats');
      expect(byName.paintRoom!.description).toBe('Paint room');
      expect(byName.rename!.inputSchema.properties).toHaveProperty('body');
      const renamed = await client.callTool({ name: 'rename', arguments: { id: 'a', body: { id: 'b', title: 'New' } } });
      expect(renamed.structuredContent).toEqual({ id: 'a', body: { id: 'b', title: 'New' } });
      const painted = await client.callTool({ name: 'paintRoom', arguments: { room: 'hall', dryRun: 'yes', name: 'Ada', colour: 'blue' } });
      expect(painted.structuredContent).toEqual({ room: 'hall', dryRun: 'yes', name: 'Ada', colour: 'blue' });
    });

    it('keeps tools/list stable across calls and pages', async () => {
      const client = await running.connect();
      const first = await client.listTools();
      const second = await client.listTools();
      expect(first.tools.map((tool) => tool.name)).toEqual(second.tools.map((tool) => tool.name));
      expect(first.tools).toHaveLength(3);
      await expect(client.listTools({ cursor: 'bogus' })).rejects.toThrow(/cursor/);
    });

    it('maps bytes to image and audio content, passes explicit results through, and reports HTTP errors', async () => {
      const client = await running.connect();
      expect((await client.callTool({ name: 'picture', arguments: {} })).content).toEqual([{ type: 'image', data: PNG.toString('base64'), mimeType: 'image/png' }]);
      expect((await client.callTool({ name: 'sound', arguments: {} })).content).toEqual([{ type: 'audio', data: WAV.toString('base64'), mimeType: 'audio/wav' }]);
      expect(await client.callTool({ name: 'explicit', arguments: {} })).toMatchObject({ content: [{ type: 'text', text: 'as is' }], isError: false });
      const missing = await client.callTool({ name: 'missing', arguments: { id: '9' } });
      expect(missing).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Thing "9" does not exist. (HTTP 404)' }] });
    });

    it('gives handlers their session and client through @McpCtx()', async () => {
      const client = await running.connect();
      const result = await client.callTool({ name: 'whoAmI', arguments: {} });
      expect(result.structuredContent).toMatchObject({ sessionId: expect.any(String), client: expect.any(String) });
    });

    it('reads text and binary resources and templates', async () => {
      const client = await running.connect();
      expect((await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate)).toEqual(['things://things/{id}']);
      expect((await client.readResource({ uri: 'things://things/42' })).contents).toEqual([{ uri: 'things://things/42', mimeType: 'application/json', text: '{"id":"42"}' }]);
      expect((await client.readResource({ uri: 'media://logo' })).contents).toEqual([{ uri: 'media://logo', mimeType: 'image/png', blob: PNG.toString('base64') }]);
      expect((await client.readResource({ uri: 'media://readme' })).contents[0]).toMatchObject({ mimeType: 'text/plain', text: 'Read me' });
      await expect(client.readResource({ uri: 'media://nothing' })).rejects.toThrow(/not found/);
    });

    it('serves prompts with argument checks, and completion', async () => {
      const client = await running.connect();
      expect((await client.getPrompt({ name: 'advice', arguments: { room: 'hall', mood: 'calm' } })).messages).toEqual([
        { role: 'user', content: { type: 'text', text: 'How should I paint the hall for a calm mood?' } },
      ]);
      await expect(client.getPrompt({ name: 'advice', arguments: {} })).rejects.toThrow(/room/);
      const completion = await client.complete({ ref: { type: 'ref/prompt', name: 'advice' }, argument: { name: 'room', value: 'h' } });
      expect(completion.completion.values).toEqual([]);
    });

    it('adds and removes tools at run time', async () => {
      const client = await running.connect();
      const registry = running.app.get(McpRegistry);
      registry.addTool({ name: 'added_later', handler: () => 'later' });
      expect((await client.callTool({ name: 'added_later', arguments: {} })).content).toEqual([{ type: 'text', text: 'later' }]);
      registry.removeTool('added_later');
      await expect(client.callTool({ name: 'added_later', arguments: {} })).rejects.toThrow(/Unknown tool/);
    });
  });

  describe('filters, async configuration and several apps', () => {
    it('exposes only included tools and hides excluded ones', async () => {
      const running = await startApp({
        imports: [McpModule.forRoot({ name: 'filtered', include: { tags: ['media', 'write'] }, exclude: { names: ['sound'] } })],
        controllers: [ThingsController],
        providers: [Media],
      });
      try {
        const client = await running.connect();
        expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['paintRoom', 'picture']);
        await expect(client.callTool({ name: 'sound', arguments: {} })).rejects.toThrow(/Unknown tool/);
      } finally {
        await running.close();
      }
    });

    it('configures through forRootAsync and runs two apps in one process on different paths', async () => {
      @Module({ providers: [{ provide: 'SETTINGS', useValue: { name: 'from-factory' } }], exports: ['SETTINGS'] })
      class SettingsModule {}
      const first = await startApp(
        {
          imports: [McpModule.forRootAsync({ path: 'agents', imports: [SettingsModule], inject: ['SETTINGS'], useFactory: (settings: { name: string }) => ({ name: settings.name }) })],
          providers: [Media],
        },
        undefined,
        'agents',
      );
      const second = await startApp({ imports: [McpModule.forRoot({ name: 'second' })], controllers: [ThingsController] });
      try {
        const a = await connectSdkClient(first.mcpUrl);
        const b = await connectSdkClient(second.mcpUrl);
        expect(a.getServerVersion()?.name).toBe('from-factory');
        expect(b.getServerVersion()?.name).toBe('second');
        expect((await a.listTools()).tools.map((tool) => tool.name)).toContain('picture');
        expect((await b.listTools()).tools.map((tool) => tool.name)).not.toContain('picture');
        await a.close();
        await b.close();
      } finally {
        await first.close();
        await second.close();
      }
    });
  });

  describe('developer mistakes fail at bootstrap', () => {
    function bootstrap(providers: unknown[]): Promise<Error | undefined> {
      return bootstrapError({ imports: [McpModule.forRoot({})], providers: providers as never });
    }

    it('names both places of a duplicate tool', async () => {
      @Injectable()
      class First {
        @McpTool({ name: 'same' }) one() {}
      }
      @Injectable()
      class Second {
        @McpTool({ name: 'same' }) two() {}
      }
      const error = await bootstrap([First, Second]);
      expect(error).toBeInstanceOf(McpDefinitionError);
      expect((error as Error).message).toMatch(/Duplicate tool "same".*"First#one".*"Second#two"/);
    });

    it('names the method of an invalid URI template', async () => {
      @Injectable()
      class Broken {
        @McpResource({ uriTemplate: 'x://{+path}' }) read() {}
      }
      const error = await bootstrap([Broken]);
      expect(error).toBeInstanceOf(McpDefinitionError);
      expect((error as Error).message).toContain('"Broken#read"');
    });
  });
});

import 'reflect-metadata';
import {
  Body,
  Controller,
  Injectable,
  Param,
  Post,
  Query,
  RawBody,
  Session,
  UploadedFile,
  UploadedFiles,
  type LoggerService,
} from '@nestjs/common';
import { bootstrapError } from './utils/start-app.js';
import { IsString } from 'class-validator';
import { McpArgs, McpCtx, McpDefinitionError, McpModule, McpPrompt, McpResource, McpTool, type McpContext } from 'nestjs-mcp';

class NameDto {
  @IsString()
  name!: string;
}

class BareDto {
  name!: string;
}

interface NoteShape {
  title: string;
}

/** Records what the app logs, so warnings can be asserted. */
class RecordingLogger implements LoggerService {
  readonly warnings: string[] = [];
  log(): void {}
  error(): void {}
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
}

interface Outcome {
  error?: Error;
  warnings: string[];
}

async function bootstrap(metadata: { providers?: unknown[]; controllers?: unknown[] }): Promise<Outcome> {
  const logger = new RecordingLogger();
  const error = await bootstrapError(
    {
      imports: [McpModule.forRoot({ name: 'diagnostics' })],
      providers: (metadata.providers ?? []) as never,
      controllers: (metadata.controllers ?? []) as never,
    },
    logger,
  );
  return { error, warnings: logger.warnings };
}

function expectFailure(outcome: Outcome, location: string, fix: RegExp): void {
  expect(outcome.error).toBeInstanceOf(McpDefinitionError);
  expect(outcome.error!.message).toContain(`(at "${location}")`);
  expect(outcome.error!.message).toMatch(fix);
}

function expectWarning(outcome: Outcome, location: string, fix: RegExp): void {
  expect(outcome.error).toBeUndefined();
  const warning = outcome.warnings.find((message) => message.startsWith(`"${location}"`));
  expect(warning).toBeDefined();
  expect(warning).toMatch(fix);
}

describe('bootstrap diagnostics', () => {
  it('fails on undecorated parameters of a provider tool', async () => {
    @Injectable()
    class Plain {
      @McpTool() plain(_x: string, _y: number) {}
    }
    const outcome = await bootstrap({ providers: [Plain] });
    expectFailure(outcome, 'Plain#plain', /Parameter 0 has no parameter decorator.*add @McpArgs\(\).*@McpCtx\(\)/);
    expect(outcome.error!.message).toContain('Parameter 1 has no parameter decorator');
  });

  it('fails on an undecorated parameter beside decorated ones, on prompts too', async () => {
    @Injectable()
    class Half {
      @McpPrompt() half(@McpArgs() _args: NameDto, _extra: unknown, @McpCtx() _ctx: McpContext) {}
    }
    expectFailure(await bootstrap({ providers: [Half] }), 'Half#half', /Parameter 1 has no parameter decorator/);
  });

  it('fails on @UploadedFile() and @UploadedFiles() of a route tool', async () => {
    @Controller('files')
    class Files {
      @Post() @McpTool() upload(@UploadedFile() _file: unknown) {}
      @Post('many') @McpTool() uploadMany(@UploadedFiles() _files: unknown[]) {}
    }
    expectFailure(await bootstrap({ controllers: [Files] }), 'Files#upload', /@UploadedFile\(\) cannot be filled.*base64/);
    @Controller('files')
    class ManyFiles {
      @Post('many') @McpTool() uploadMany(@UploadedFiles() _files: unknown[]) {}
    }
    expectFailure(await bootstrap({ controllers: [ManyFiles] }), 'ManyFiles#uploadMany', /@UploadedFiles\(\) cannot be filled/);
  });

  it('fails on @RawBody() of a route tool', async () => {
    @Controller('raw')
    class Raw {
      @Post() @McpTool() raw(@RawBody() _raw: Buffer) {}
    }
    expectFailure(await bootstrap({ controllers: [Raw] }), 'Raw#raw', /@RawBody\(\) is always undefined.*@Body\(\) or @McpArgs\(\)/);
  });

  it('fails on @Query() and @Param() of a provider method', async () => {
    @Injectable()
    class Lookup {
      @McpTool() find(@Query('q') _q: string) {}
    }
    expectFailure(await bootstrap({ providers: [Lookup] }), 'Lookup#find', /@Query\(\), but a provider method is not a route.*@McpArgs\(\)/);
    @Injectable()
    class ById {
      @McpTool() find(@Param('id') _id: string) {}
    }
    expectFailure(await bootstrap({ providers: [ById] }), 'ById#find', /@Param\(\), but a provider method is not a route/);
  });

  it('warns on @Body() of a provider method, which works but gets no schema', async () => {
    @Injectable()
    class Bodied {
      @McpTool() save(@Body() _body: NameDto) {}
    }
    expectWarning(await bootstrap({ providers: [Bodied] }), 'Bodied#save', /@Body\(\), but a provider method is not a route.*@McpArgs\(\)/);
  });

  it('warns on @Session(), whose value comes from the HTTP request, not the arguments', async () => {
    @Controller('session')
    class WithSession {
      @Post() @McpTool() who(@Session() _session: Record<string, unknown>, @Body() _dto: NameDto) {}
    }
    expectWarning(await bootstrap({ controllers: [WithSession] }), 'WithSession#who', /@Session\(\).*make it a DTO field/);
  });

  it('warns on an interface-typed @Body() and @McpArgs(), naming the fix', async () => {
    @Controller('notes')
    class Notes {
      @Post() @McpTool() create(@Body() _note: NoteShape) {}
    }
    expectWarning(await bootstrap({ controllers: [Notes] }), 'Notes#create', /interface.*declare a DTO class.*"inputSchema"/);
    @Injectable()
    class Loose {
      @McpTool() loose(@McpArgs() _args: { name: string }) {}
    }
    expectWarning(await bootstrap({ providers: [Loose] }), 'Loose#loose', /@McpArgs\(\)\) is typed with an interface/);
  });

  it('warns on a DTO class without validation or Swagger decorators', async () => {
    @Injectable()
    class Bare {
      @McpTool() bare(@McpArgs() _args: BareDto) {}
    }
    expectWarning(await bootstrap({ providers: [Bare] }), 'Bare#bare', /class "BareDto", which has no validation or Swagger decorators/);
  });

  it('stays quiet with an explicit inputSchema or prompt arguments, for resources, and for well-typed handlers', async () => {
    @Injectable()
    class Fine {
      @McpTool({ inputSchema: { type: 'object', properties: { name: { type: 'string' } } } })
      explicit(@McpArgs() _args: { name: string }) {}

      @McpPrompt({ arguments: [{ name: 'name', required: true }] })
      prompt(@McpArgs() _args: { name: string }) {
        return 'hi';
      }

      @McpResource({ uriTemplate: 'notes://{id}' })
      note(@McpArgs() _args: { id: string }) {
        return 'note';
      }

      @McpTool() typed(@McpArgs() _args: NameDto, @McpCtx() _ctx: McpContext) {}

      @McpTool() noArgs() {}
    }
    const outcome = await bootstrap({ providers: [Fine] });
    expect(outcome.error).toBeUndefined();
    expect(outcome.warnings.filter((message) => message.includes('"Fine#'))).toEqual([]);
  });
});

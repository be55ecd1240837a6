import 'reflect-metadata';
import {
  Body,
  Controller,
  Injectable,
  Post,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { McpArgs, McpCtx, McpModule, McpPrompt, McpResource, McpTool, type McpContext } from 'nestjs-mcp';
import { McpTestClient, type McpTestWire } from 'nestjs-mcp/testing';

@Injectable()
class TokenGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const token = context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers.authorization;
    return token === 'Bearer alice' || token === 'Bearer bob';
  }
}

class EchoDto {
  @IsString()
  text!: string;
}

@Controller('echo')
@UseGuards(TokenGuard)
class EchoController {
  @Post()
  @McpTool({ name: 'echo' })
  echo(@Body() dto: EchoDto) {
    return { echoed: dto.text };
  }
}

@Injectable()
class KitTools {
  @McpTool({ description: 'Tells who called, after a short pause' })
  async whoAmI(@McpArgs() args: EchoDto, @McpCtx() ctx: McpContext) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return `${args.text}:${String(ctx.request.headers.authorization)}`;
  }

  @McpTool({ description: 'Reports progress and logs' })
  async work(@McpCtx() ctx: McpContext) {
    await ctx.reportProgress(1, 2, 'half');
    await ctx.log('warning', { step: 'half' }, 'worker');
    await ctx.reportProgress(2, 2);
    return 'worked';
  }

  @McpTool({ description: 'Asks a name, then a model' })
  async ask(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit<{ name: string }>('Name?', { type: 'object', properties: { name: { type: 'string' } } });
    const sampled = await ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'Hi' } }], maxTokens: 5 });
    return `${answer.content?.name}/${(sampled.content as { text: string }).text}`;
  }

  @McpTool({ description: 'Runs as a task', taskSupport: 'optional' })
  async slowSum(@McpArgs() args: EchoDto) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { sum: args.text.length };
  }

  @McpTool({ description: 'Asks for a confirmation inside a task', taskSupport: 'required' })
  async confirmTask(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit('Sure?', { type: 'object', properties: { ok: { type: 'boolean' } } });
    return `confirmed: ${answer.action}`;
  }

  @McpTool({ description: 'Always fails' })
  broken() {
    throw new Error('Broken on purpose');
  }

  @McpResource({ uri: 'kit://about', mimeType: 'text/plain' })
  about() {
    return 'testing kit';
  }

  @McpPrompt()
  greet(@McpArgs() args: EchoDto) {
    return [`Hello ${args.text}`, { role: 'assistant', content: { type: 'text', text: 'Hi!' } }];
  }
}

async function createApp(): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [McpModule.forRoot({ name: 'kit' })],
    controllers: [EchoController],
    providers: [TokenGuard, KitTools],
  }).compile();
  return moduleRef.createNestApplication({ logger: false });
}

describe.each<McpTestWire>(['2025-11-25', '2026-07-28'])('McpTestClient on %s', (wire) => {
  let app: INestApplication;
  let mcp: McpTestClient;
  beforeAll(async () => {
    app = await createApp();
    mcp = await McpTestClient.connect(app, {
      wire,
      headers: { authorization: 'Bearer alice' },
      onElicitation: () => ({ action: 'accept', content: { name: 'Ada' } }),
      onSampling: () => ({ role: 'assistant', content: { type: 'text', text: 'sampled' }, model: 'test' }),
    });
  });
  afterAll(async () => {
    await mcp?.close();
    await app?.close();
  });

  it('starts an app that was not listening on a loopback port and speaks the chosen wire', () => {
    expect(mcp.url.hostname).toBe('127.0.0.1');
    expect(Number(mcp.url.port)).toBeGreaterThan(0);
    expect(mcp.wire).toBe(wire);
  });

  it('lists tools, resources and prompts', async () => {
    const tools = await mcp.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['echo', 'whoAmI', 'work', 'ask', 'broken']));
    expect((await mcp.listResources()).map((resource) => resource.uri)).toEqual(['kit://about']);
    expect((await mcp.listPrompts()).map((prompt) => prompt.name)).toEqual(['greet']);
  });

  it('unwraps structuredContent and text, keeping the raw result', async () => {
    const structured = await mcp.callTool<{ echoed: string }>('echo', { text: 'hi' });
    expect(structured.value).toEqual({ echoed: 'hi' });
    expect(structured.isError).toBe(false);
    expect(structured.raw.structuredContent).toEqual({ echoed: 'hi' });
    const text = await mcp.callTool('whoAmI', { text: 'me' });
    expect(text.value).toBe('me:Bearer alice');
    expect(text.text).toBe('me:Bearer alice');
  });

  it('returns tool failures with isError instead of throwing', async () => {
    const failed = await mcp.callTool('broken');
    expect(failed.isError).toBe(true);
    expect(failed.text).toContain('Broken on purpose');
  });

  it('sends per-call headers to that call only, even when calls overlap', async () => {
    const [asBob, asAlice, refused] = await Promise.all([
      mcp.callTool('whoAmI', { text: 'b' }, { headers: { authorization: 'Bearer bob' } }),
      mcp.callTool('whoAmI', { text: 'a' }),
      mcp.callTool('echo', { text: 'x' }, { headers: { authorization: 'Bearer mallory' } }),
    ]);
    expect(asBob.value).toBe('b:Bearer bob');
    expect(asAlice.value).toBe('a:Bearer alice');
    expect(refused.isError).toBe(true);
    expect((await mcp.callTool('echo', { text: 'after' })).value).toEqual({ echoed: 'after' });
  });

  it('answers elicitation and sampling with the given handlers', async () => {
    expect((await mcp.callTool('ask')).value).toBe('Ada/sampled');
  });

  it('reads resources and gets prompts, unwrapped', async () => {
    const resource = await mcp.readResource('kit://about');
    expect(resource).toMatchObject({ text: 'testing kit', mimeType: 'text/plain' });
    const prompt = await mcp.getPrompt('greet', { text: 'Ada' });
    expect(prompt.texts).toEqual(['Hello Ada', 'Hi!']);
    expect(prompt.raw.messages).toHaveLength(2);
  });
});

describe('McpTestClient notifications and tasks (2025-11-25)', () => {
  let app: INestApplication;
  let mcp: McpTestClient;
  beforeAll(async () => {
    app = await createApp();
    await app.listen(0, '127.0.0.1');
    mcp = await McpTestClient.connect(app, { headers: { authorization: 'Bearer alice' } });
  });
  afterAll(async () => {
    await mcp?.close();
    await app?.close();
  });

  it('collects a call\'s progress and the log messages', async () => {
    const outcome = await mcp.callTool('work');
    expect(outcome.value).toBe('worked');
    expect(outcome.progress).toEqual([{ progress: 1, total: 2, message: 'half' }, { progress: 2, total: 2 }]);
    expect(mcp.logs).toContainEqual({ level: 'warning', logger: 'worker', data: { step: 'half' } });
  });

  it('runs a tool as a task to completion', async () => {
    const outcome = await mcp.runTask<{ sum: number }>('slowSum', { text: 'four' });
    expect(outcome.value).toEqual({ sum: 4 });
  });
});

describe('McpTestClient tasks on the 2026-07-28 wire (tasks extension)', () => {
  let app: INestApplication;
  let mcp: McpTestClient;
  beforeAll(async () => {
    app = await createApp();
    mcp = await McpTestClient.connect(app, {
      wire: '2026-07-28',
      headers: { authorization: 'Bearer alice' },
      onElicitation: () => ({ action: 'accept', content: { ok: true } }),
    });
  });
  afterAll(async () => {
    await mcp?.close();
    await app?.close();
  });

  it('creates the task, polls it and unwraps the result', async () => {
    const outcome = await mcp.runTask<{ sum: number }>('slowSum', { text: 'seven..' });
    expect(outcome.value).toEqual({ sum: 7 });
  });

  it('answers the task\'s input requests with the elicitation handler', async () => {
    expect((await mcp.runTask('confirmTask')).value).toBe('confirmed: accept');
  });

  it('rejects when the server refuses the call', async () => {
    await expect(mcp.runTask('unknown_tool')).rejects.toThrow(/tools\/call failed with -32602/);
  });
});

import 'reflect-metadata';
import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import {
  McpArgs,
  McpCompletion,
  McpDefinitionError,
  McpModule,
  McpPrompt,
  McpRegistry,
  McpResource,
  type McpCompletionContext,
} from 'nestjs-mcp';
import { bootstrapError, startApp, type RunningApp } from './utils/start-app.js';
import { statelessRequest } from './utils/stateless.js';

@Injectable()
class NotesStore {
  readonly notes = [
    { id: 'n-1', folder: 'work', tags: ['urgent', 'meeting'] },
    { id: 'n-2', folder: 'work', tags: ['ideas'] },
    { id: 'n-10', folder: 'home', tags: ['garden'] },
    { id: 'x-1', folder: 'home', tags: ['urgent'] },
  ];
}

@Controller('notes')
class NotesController {
  @Get(':folder/:id')
  @McpResource({
    uriTemplate: 'notes://{folder}/{id}',
    description: 'A note in a folder',
    complete: { folder: ['work', 'home', 'archive'] },
  })
  findOne(@Param('folder') folder: string, @Param('id') id: string) {
    return { folder, id };
  }
}

@Injectable()
class NotePrompts {
  @McpPrompt({
    description: 'Summarise a note',
    arguments: [
      { name: 'id', required: true },
      { name: 'style', complete: ['brief', 'Bullet', 'detailed'] },
      { name: 'free' },
    ],
  })
  summarize(@McpArgs() args: { id: string }) {
    return `Summarise ${args.id}`;
  }

  @McpPrompt({ description: 'Many values', arguments: [{ name: 'n', complete: (value) => Array.from({ length: 250 }, (_, i) => `${value}${i}`) }] })
  many() {
    return 'many';
  }

  @McpPrompt({
    description: 'Paged by the completer',
    arguments: [{ name: 'q', complete: async () => ({ values: ['a', 'b', 42 as unknown as string], total: 1000 }) }],
  })
  paged() {
    return 'paged';
  }

  @McpPrompt({
    description: 'Echoes what completers see',
    arguments: [{ name: 'echo', complete: (_value, context) => Object.entries(context.arguments).map(([k, v]) => `${k}=${typeof v}`) }],
  })
  echo() {
    return 'echo';
  }

  @McpPrompt({ description: 'Fails', arguments: [{ name: 'boom', complete: () => { throw new Error('database password is hunter2'); } }] })
  failing() {
    return 'failing';
  }
}

/** Completers that need injected services, the other arguments and the caller. */
@Injectable()
class NoteCompletions {
  constructor(private readonly store: NotesStore) {}

  @McpCompletion({ prompt: 'summarize', argument: 'id' })
  noteIds(value: string, context: McpCompletionContext): string[] {
    const caller = context.request.headers['x-caller'];
    const ids = this.store.notes.map((note) => note.id).filter((id) => id.startsWith(value));
    return caller === 'guest' ? ids.filter((id) => !id.startsWith('x-')) : ids;
  }

  @McpCompletion({ resource: 'notes://{folder}/{id}', argument: 'id' })
  idsInFolder(value: string, context: McpCompletionContext) {
    return this.store.notes
      .filter((note) => note.folder === context.arguments.folder && note.id.startsWith(value))
      .map((note) => note.id);
  }
}

const promptRef = (name: string) => ({ type: 'ref/prompt' as const, name });

describe('completion/complete', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({
      imports: [McpModule.forRoot({ name: 'completions', version: '1.0.0' })],
      controllers: [NotesController],
      providers: [NotesStore, NotePrompts, NoteCompletions],
    });
  });
  afterAll(() => running.close());

  it('declares the completions capability on both wires', async () => {
    const client = await running.connect();
    expect(client.getServerCapabilities()?.completions).toEqual({});
    const discover = await statelessRequest(running.mcpUrl, 'server/discover');
    expect(discover.body.result.capabilities.completions).toEqual({});
  });

  it('completes a prompt argument from a DI provider, filtered by the typed prefix and the caller', async () => {
    const client = await running.connect();
    const all = await client.complete({ ref: promptRef('summarize'), argument: { name: 'id', value: 'n-1' } });
    expect(all.completion).toEqual({ values: ['n-1', 'n-10'], total: 2, hasMore: false });
    const guest = await running.connect({ 'x-caller': 'guest' });
    const guestIds = await guest.complete({ ref: promptRef('summarize'), argument: { name: 'id', value: '' } });
    expect(guestIds.completion.values).toEqual(['n-1', 'n-2', 'n-10']);
  });

  it('filters a fixed list by prefix, case-insensitively', async () => {
    const client = await running.connect();
    const result = await client.complete({ ref: promptRef('summarize'), argument: { name: 'style', value: 'b' } });
    expect(result.completion.values).toEqual(['brief', 'Bullet']);
  });

  it('completes a resource template variable using the variables already given (context.arguments)', async () => {
    const client = await running.connect();
    const ref = { type: 'ref/resource' as const, uri: 'notes://{folder}/{id}' };
    const folders = await client.complete({ ref, argument: { name: 'folder', value: 'a' } });
    expect(folders.completion.values).toEqual(['archive']);
    const work = await client.complete({ ref, argument: { name: 'id', value: 'n' }, context: { arguments: { folder: 'work' } } });
    expect(work.completion.values).toEqual(['n-1', 'n-2']);
    const home = await client.complete({ ref, argument: { name: 'id', value: '' }, context: { arguments: { folder: 'home' } } });
    expect(home.completion.values).toEqual(['n-10', 'x-1']);
  });

  it('caps the values at 100 with total and hasMore', async () => {
    const client = await running.connect();
    const many = await client.complete({ ref: promptRef('many'), argument: { name: 'n', value: 'v' } });
    expect(many.completion.values).toHaveLength(100);
    expect(many.completion).toMatchObject({ total: 250, hasMore: true });
    const paged = await client.complete({ ref: promptRef('paged'), argument: { name: 'q', value: '' } });
    expect(paged.completion).toEqual({ values: ['a', 'b'], total: 1000, hasMore: true });
  });

  it('answers an argument without completer with no values', async () => {
    const client = await running.connect();
    const result = await client.complete({ ref: promptRef('summarize'), argument: { name: 'free', value: 'x' } });
    expect(result.completion).toEqual({ values: [], total: 0, hasMore: false });
  });

  it('serves the 2026-07-28 wire: the modern client, and resultType on the raw result', async () => {
    const modern = new ModernClient({ name: 'modern', version: '2.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await modern.connect(new ModernTransport(running.mcpUrl));
    try {
      const result = await modern.complete({ ref: promptRef('summarize'), argument: { name: 'id', value: 'n-2' } });
      expect(result.completion.values).toEqual(['n-2']);
    } finally {
      await modern.close();
    }
    const raw = await statelessRequest(running.mcpUrl, 'completion/complete', {
      ref: promptRef('summarize'),
      argument: { name: 'style', value: 'd' },
    });
    expect(raw.body.result).toEqual({ resultType: 'complete', completion: { values: ['detailed'], total: 1, hasMore: false } });
  });

  it('keeps completers off the wire in prompts/list', async () => {
    const client = await running.connect();
    const { prompts } = await client.listPrompts();
    const summarize = prompts.find((prompt) => prompt.name === 'summarize')!;
    expect(summarize.arguments).toEqual([{ name: 'id', required: true }, { name: 'style' }, { name: 'free' }]);
  });

  it('rejects unknown refs, unknown arguments, malformed params and huge values with -32602', async () => {
    const client = await running.connect();
    const cases = [
      { ref: promptRef('nope'), argument: { name: 'id', value: '' } },
      { ref: promptRef('summarize'), argument: { name: 'nope', value: '' } },
      { ref: { type: 'ref/resource', uri: 'notes://work/n-1' }, argument: { name: 'id', value: '' } },
      { ref: { type: 'ref/resource', uri: 'notes://{folder}/{id}' }, argument: { name: 'nope', value: '' } },
      { ref: { type: 'ref/tool', name: 'x' }, argument: { name: 'id', value: '' } },
      { ref: promptRef('summarize'), argument: { name: 'id', value: 'n'.repeat(5000) } },
      { ref: promptRef('summarize'), argument: { name: 'id' } },
      { ref: promptRef('summarize') },
    ];
    for (const params of cases) {
      const response = await statelessRequest(running.mcpUrl, 'completion/complete', params as Record<string, unknown>);
      expect(response.body.error?.code).toBe(-32602);
    }
  });

  it('ignores hostile context arguments (non-strings, prototype keys)', async () => {
    const hostile = JSON.parse('{"folder": {"toString": "work"}, "__proto__": {"polluted": "yes"}, "list": ["a"], "ok": "fine"}');
    const response = await statelessRequest(running.mcpUrl, 'completion/complete', {
      ref: promptRef('echo'),
      argument: { name: 'echo', value: '' },
      context: { arguments: hostile },
    });
    expect(response.body.result.completion.values).toEqual(['ok=string']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('turns a failing completer into an internal error that does not leak its message', async () => {
    const response = await statelessRequest(running.mcpUrl, 'completion/complete', {
      ref: promptRef('failing'),
      argument: { name: 'boom', value: '' },
    });
    expect(response.body.error.code).toBe(-32603);
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
  });
});

describe('completions capability and bootstrap errors', () => {
  it('does not declare completions when nothing completes, and does once a runtime prompt completes', async () => {
    const running = await startApp({ imports: [McpModule.forRoot({ name: 'plain' })], providers: [] });
    try {
      const before = await running.connect();
      expect(before.getServerCapabilities()?.completions).toBeUndefined();
      const discover = await statelessRequest(running.mcpUrl, 'server/discover');
      expect(discover.body.result.capabilities.completions).toBeUndefined();
      running.app.get(McpRegistry).addPrompt({
        name: 'greet',
        arguments: [{ name: 'lang', complete: ['en', 'fr'] }],
        handler: () => 'hi',
      });
      const after = await running.connect();
      expect(after.getServerCapabilities()?.completions).toEqual({});
      const result = await after.complete({ ref: promptRef('greet'), argument: { name: 'lang', value: 'f' } });
      expect(result.completion.values).toEqual(['fr']);
    } finally {
      await running.close();
    }
  });

  function bootError(providers: unknown[], controllers: unknown[] = []): Promise<Error | undefined> {
    return bootstrapError({ imports: [McpModule.forRoot({ name: 'bad' })], providers: providers as never[], controllers: controllers as never[] });
  }

  it('fails on @McpCompletion for an unknown prompt, naming Class#method', async () => {
    @Injectable()
    class Stray {
      @McpCompletion({ prompt: 'missing', argument: 'id' })
      complete() {
        return [];
      }
    }
    const error = await bootError([Stray]);
    expect(error).toBeInstanceOf(McpDefinitionError);
    expect(error!.message).toMatch(/prompt "missing".*not declared.*"Stray#complete"/);
  });

  it('fails on @McpCompletion for an argument the prompt does not have', async () => {
    @Injectable()
    class Both {
      @McpPrompt({ arguments: [{ name: 'id' }] })
      greet() {
        return 'hi';
      }

      @McpCompletion({ prompt: 'greet', argument: 'idd' })
      complete() {
        return [];
      }
    }
    const error = await bootError([Both]);
    expect(error!.message).toMatch(/"idd", which is not an argument of the prompt "greet" \(id\).*"Both#complete"/);
  });

  it('fails on @McpCompletion for an unknown template and on two completers for one variable', async () => {
    @Injectable()
    class Unknown {
      @McpCompletion({ resource: 'notes://{nope}', argument: 'nope' })
      complete() {
        return [];
      }
    }
    expect((await bootError([Unknown]))!.message).toMatch(/resource template "notes:\/\/\{nope\}"/);

    @Injectable()
    class Twice {
      @McpCompletion({ resource: 'notes://{folder}/{id}', argument: 'folder' })
      complete() {
        return [];
      }
    }
    expect((await bootError([Twice], [NotesController]))!.message).toMatch(/already has a completer for "folder"/);
  });

  it('fails on a template completer for a variable the template does not have', async () => {
    @Controller('x')
    class BadTemplate {
      @Get(':id')
      @McpResource({ uriTemplate: 'x://{id}', complete: { idd: ['a'] } })
      one(@Param('id') id: string) {
        return id;
      }
    }
    expect((await bootError([], [BadTemplate]))!.message).toMatch(/completer for "idd".*\(id\).*"BadTemplate#one"/);
  });
});

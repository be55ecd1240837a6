import { Client as ModernClient } from '@modelcontextprotocol/client';
import { StdioClientTransport as ModernStdioTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema, type Progress } from '@modelcontextprotocol/sdk/types.js';
import type { Readable } from 'node:stream';
import { TEST_CLIENT_INFO } from './utils/sdk-client.js';
import { issueSampleToken, SAMPLE_RESOURCE } from '../sample/auth/sample-tokens.js';
import { sampleStdioCommand } from './utils/stdio-sample.js';

/** The official SDK client, spawning the sample's stdio entry (`npm run start:stdio`) as a desktop client would. */
async function spawnSample(env: Record<string, string>): Promise<{ client: Client; transport: StdioClientTransport; stderr: () => string; errors: Error[] }> {
  const transport = new StdioClientTransport({ ...sampleStdioCommand(env), stderr: 'pipe' });
  let stderr = '';
  (transport.stderr as Readable).on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ ...TEST_CLIENT_INFO }, { capabilities: { elicitation: { form: {} } } });
  const errors: Error[] = [];
  client.onerror = (error) => errors.push(error);
  await client.connect(transport);
  return { client, transport, stderr: () => stderr, errors };
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  return (result.content as Array<{ type: string; text?: string }>).map((block) => block.text ?? '').join('');
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('stdio: the SDK StdioClientTransport spawns the sample', () => {
  it('lists and calls tools, runs a guarded route tool with the key from the environment, reports progress, answers an elicitation, and exits when the client closes', async () => {
    const { client, transport, stderr, errors } = await spawnSample({ API_KEY: 'stdio-secret', NOTES_API_KEY: 'stdio-secret' });
    const pid = transport.pid!;
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['list_notes', 'create_note', 'export_notes', 'search']));

      const created = await client.callTool({ name: 'create_note', arguments: { title: 'From stdio', body: 'Guarded', tags: ['stdio'] } });
      expect(created.isError).toBeFalsy();
      expect(JSON.parse(textOf(created))).toMatchObject({ title: 'From stdio', tags: ['stdio'] });

      const listed = await client.callTool({ name: 'list_notes', arguments: { tag: 'stdio' } });
      expect(JSON.parse(textOf(listed))).toEqual([expect.objectContaining({ title: 'From stdio' })]);

      const asked: string[] = [];
      client.setRequestHandler(ElicitRequestSchema, async (request) => {
        asked.push(request.params.message);
        return { action: 'accept', content: { format: 'json' } };
      });
      const progress: Progress[] = [];
      const exported = await client.callTool({ name: 'export_notes', arguments: {} }, undefined, { onprogress: (value) => progress.push(value) });
      expect(asked).toEqual(['Export 2 notes as Markdown or as JSON?']);
      const notes = JSON.parse(textOf(exported)) as Array<{ title: string }>;
      expect(notes.map((note) => note.title)).toEqual(['Welcome', 'From stdio']);
      expect(progress).toEqual([
        { progress: 1, total: 2, message: 'Prepared "Welcome"' },
        { progress: 2, total: 2, message: 'Prepared "From stdio"' },
      ]);
    } finally {
      await client.close();
    }
    expect(isRunning(pid)).toBe(false);
    expect(stderr()).toContain('The client closed its input');
    expect(stderr()).not.toContain('SIGTERM');
    expect(errors).toEqual([]);
  }, 60_000);

  it('checks scopes against the principal from the environment: without a key the write tools are hidden and refused with the missing scope, and the server keeps serving', async () => {
    const { client, errors } = await spawnSample({ API_KEY: 'stdio-secret' });
    try {
      const { tools } = await client.listTools();
      const names = tools.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(['list_notes', 'export_notes', 'search']));
      expect(names).not.toContain('create_note');
      expect(names).not.toContain('delete_note');
      const refused = await client.callTool({ name: 'create_note', arguments: { title: 'No key' } }).then(
        () => undefined,
        (error: unknown) => error as { code: number; message: string; data: unknown },
      );
      expect(refused).toMatchObject({ code: -32000, data: { requiredScopes: ['notes:write'], missingScopes: ['notes:write'] } });
      expect(refused!.message).toContain('Tool "create_note" needs the scope(s) "notes:write", and this stdio server has no principal');
      const listed = await client.callTool({ name: 'list_notes', arguments: {} });
      expect(JSON.parse(textOf(listed))).toEqual([expect.objectContaining({ title: 'Welcome' })]);
      expect(errors).toEqual([]);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('knows the caller from a bearer token in the environment: its scopes decide, and a token without "notes:write" is told what it lacks', async () => {
    const reader = await issueSampleToken('reader', ['notes:read']);
    const { client, errors } = await spawnSample({ NOTES_TOKEN: reader, MCP_RESOURCE: SAMPLE_RESOURCE });
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain('update_note');
      const refused = await client.callTool({ name: 'update_note', arguments: { id: 1, title: 'x' } }).then(
        () => undefined,
        (error: unknown) => error as { code: number; message: string },
      );
      expect(refused).toMatchObject({ code: -32000 });
      expect(refused!.message).toContain('this stdio server\'s caller lacks "notes:write"');
      expect(errors).toEqual([]);
    } finally {
      await client.close();
    }
    const writer = await issueSampleToken('writer', ['notes:write']);
    const allowed = await spawnSample({ NOTES_TOKEN: writer, MCP_RESOURCE: SAMPLE_RESOURCE });
    try {
      expect((await allowed.client.listTools()).tools.map((tool) => tool.name)).toContain('create_note');
      const created = await allowed.client.callTool({ name: 'create_note', arguments: { title: 'By token' } });
      expect(created.isError).toBeFalsy();
    } finally {
      await allowed.client.close();
    }
  }, 60_000);

  it('serves the 2.x client pinned to 2026-07-28: no session, the guarded tool with the key, elicitation answered through an input-required round', async () => {
    const transport = new ModernStdioTransport({ ...sampleStdioCommand({ API_KEY: 'stdio-secret', NOTES_API_KEY: 'stdio-secret' }), stderr: 'ignore' });
    const client = new ModernClient(
      { name: 'modern-stdio', version: '2.0.0' },
      { capabilities: { elicitation: {} }, versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    const errors: Error[] = [];
    client.onerror = (error) => errors.push(error);
    const asked: string[] = [];
    client.setRequestHandler('elicitation/create', async (request) => {
      asked.push(request.params.message);
      return { action: 'accept', content: { format: 'markdown' } };
    });
    await client.connect(transport);
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
      const created = await client.callTool({ name: 'create_note', arguments: { title: 'Stateless' } });
      expect(created.isError).toBeFalsy();
      const exported = await client.callTool({ name: 'export_notes', arguments: {} });
      expect(asked).toEqual(['Export 2 notes as Markdown or as JSON?']);
      expect((exported.content as Array<{ text: string }>)[0]!.text).toContain('## Stateless');
      expect(errors).toEqual([]);
    } finally {
      await client.close();
    }
  }, 60_000);
});

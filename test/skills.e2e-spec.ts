import 'reflect-metadata';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { ResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { McpDefinitionError, McpModule, McpSkillRegistry, SKILLS_EXTENSION } from 'nestjs-mcp';
import { bootstrapError, startApp, type RunningApp } from './utils/start-app.js';
import { statelessRequest } from './utils/stateless.js';

const PDF_SKILL = [
  '---',
  'name: pdf-processing',
  'description: Extract text from PDF files',
  'license: Apache-2.0',
  'metadata:',
  '  version: "2.1"',
  '  reviewed: true',
  '---',
  '',
  '# PDF processing',
  '',
  'Read references/FORMS.md before filling a form.',
  '',
].join('\n');
const FORMS = '# Forms\n\nFill every field, then flatten.\n';
const REFUNDS = ['---', 'name: refunds', 'description: >', '  Process refund', '  requests', '---', '# Refunds', ''].join('\n');
const BINARY = Buffer.from([0x00, 0xff, 0x10, 0x80]);

function sha256(content: string | Buffer): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/** Writes files (path → content) under a fresh temporary folder and returns it. */
function skillsFolder(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'nestjs-mcp-skills-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

@Injectable()
class RuntimeSkills implements OnModuleInit {
  constructor(private readonly skills: McpSkillRegistry) {}

  onModuleInit(): void {
    this.skills.addSkill({
      prefix: 'team',
      files: { 'SKILL.md': '---\nname: triage\ndescription: Triage incoming notes\n---\n# Triage\n' },
    });
  }
}

async function connectModern(url: URL): Promise<ModernClient> {
  const client = new ModernClient({ name: 'modern-client', version: '2.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await client.connect(new ModernTransport(url));
  return client;
}

describe('Agent Skills extension (SEP-2640)', () => {
  let root: string;
  let running: RunningApp;

  beforeAll(async () => {
    root = skillsFolder({
      'pdf-processing/SKILL.md': PDF_SKILL,
      'pdf-processing/references/FORMS.md': FORMS,
      'pdf-processing/assets/logo.bin': BINARY,
      'pdf-processing/.DS_Store': 'hidden',
      'acme/billing/refunds/SKILL.md': REFUNDS,
    });
    running = await startApp({
      imports: [McpModule.forRoot({ name: 'skills', version: '1.0.0', skills: { directory: root } })],
      providers: [RuntimeSkills],
    });
  });
  afterAll(async () => {
    await running?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('declares the extension with directoryRead on both wires', async () => {
    const legacy = await running.connect();
    expect(legacy.getServerCapabilities()?.extensions).toEqual({ [SKILLS_EXTENSION]: { directoryRead: true } });
    const discover = await statelessRequest(running.mcpUrl, 'server/discover');
    expect(discover.body.result.capabilities.extensions[SKILLS_EXTENSION]).toEqual({ directoryRead: true });
    expect(discover.body.result.capabilities.resources).toBeDefined();
  });

  it('lists every skill with its verbatim frontmatter and a complete manifest of digests and sizes (2025-11-25)', async () => {
    const client = await running.connect();
    const result = (await client.request({ method: 'skills/list', params: {} }, ResultSchema)) as any;
    const uris = result.skills.map((skill: { uri: string }) => skill.uri);
    // Skills added in onModuleInit come first; the directory is read (in path order) at application bootstrap.
    expect(uris).toEqual(['skill://team/triage/SKILL.md', 'skill://acme/billing/refunds/SKILL.md', 'skill://pdf-processing/SKILL.md']);
    const pdf = result.skills[2];
    expect(pdf.frontmatter).toEqual({
      name: 'pdf-processing',
      description: 'Extract text from PDF files',
      license: 'Apache-2.0',
      metadata: { version: '2.1', reviewed: true },
    });
    expect(pdf.resources).toEqual([
      { uri: 'skill://pdf-processing/SKILL.md', digest: sha256(PDF_SKILL), size: Buffer.byteLength(PDF_SKILL) },
      { uri: 'skill://pdf-processing/assets/logo.bin', digest: sha256(BINARY), size: BINARY.length },
      { uri: 'skill://pdf-processing/references/FORMS.md', digest: sha256(FORMS), size: Buffer.byteLength(FORMS) },
    ]);
    expect(result.skills[1].frontmatter.description).toBe('Process refund requests\n');
    expect(result.ttlMs).toBeUndefined();
  });

  it('reads every listed file back with bytes matching its digest, on both wires', async () => {
    const legacy = await running.connect();
    const modern = await connectModern(running.mcpUrl);
    try {
      for (const client of [legacy, modern]) {
        const request = client.request.bind(client) as (request: object, schema: typeof ResultSchema) => Promise<unknown>;
        const skill = (await request({ method: 'skills/get', params: { uri: 'skill://pdf-processing/SKILL.md' } }, ResultSchema)) as any;
        // The loop below checks nothing if the list is empty: pin the files first.
        expect(skill.skill.resources.map((file: { uri: string }) => file.uri)).toEqual([
          'skill://pdf-processing/SKILL.md',
          'skill://pdf-processing/assets/logo.bin',
          'skill://pdf-processing/references/FORMS.md',
        ]);
        for (const file of skill.skill.resources) {
          const read = await client.readResource({ uri: file.uri });
          const contents = read.contents[0] as { text?: string; blob?: string; mimeType?: string };
          const bytes = contents.text !== undefined ? Buffer.from(contents.text, 'utf8') : Buffer.from(contents.blob!, 'base64');
          expect(sha256(bytes)).toBe(file.digest);
          expect(bytes.length).toBe(file.size);
        }
      }
      const manifest = await legacy.readResource({ uri: 'skill://pdf-processing/SKILL.md' });
      expect(manifest.contents[0]).toMatchObject({ mimeType: 'text/markdown', text: PDF_SKILL });
    } finally {
      await modern.close();
    }
  });

  it('lists SKILL.md resources with the frontmatter name and description, and skips hidden files', async () => {
    const client = await running.connect();
    const { resources } = await client.listResources();
    expect(resources.find((r) => r.uri === 'skill://pdf-processing/SKILL.md')).toMatchObject({
      name: 'pdf-processing',
      description: 'Extract text from PDF files',
      mimeType: 'text/markdown',
    });
    expect(resources.some((r) => r.uri.includes('.DS_Store'))).toBe(false);
  });

  it('answers skills/get with cache hints on the stateless wire and -32602 for an unknown skill', async () => {
    const found = await statelessRequest(running.mcpUrl, 'skills/get', { uri: 'skill://team/triage/SKILL.md' });
    expect(found.body.result).toMatchObject({ resultType: 'complete', ttlMs: 60_000, cacheScope: 'public' });
    expect(found.body.result.skill.frontmatter).toEqual({ name: 'triage', description: 'Triage incoming notes' });
    const list = await statelessRequest(running.mcpUrl, 'skills/list');
    expect(list.body.result).toMatchObject({ resultType: 'complete', ttlMs: 60_000, cacheScope: 'public' });
    const unknown = await statelessRequest(running.mcpUrl, 'skills/get', { uri: 'skill://nope/SKILL.md' });
    expect(unknown.body.error.code).toBe(-32602);
  });

  it('reads directories: direct children, subdirectories as inode/directory, and prefix levels', async () => {
    const client = await running.connect();
    const read = (uri: string) => client.request({ method: 'resources/directory/read', params: { uri } }, ResultSchema) as Promise<any>;
    const root = await read('skill://pdf-processing');
    expect(root.resources).toEqual([
      { uri: 'skill://pdf-processing/SKILL.md', name: 'SKILL.md', mimeType: 'text/markdown', size: Buffer.byteLength(PDF_SKILL) },
      { uri: 'skill://pdf-processing/assets', name: 'assets', mimeType: 'inode/directory' },
      { uri: 'skill://pdf-processing/references', name: 'references', mimeType: 'inode/directory' },
    ]);
    const references = await read('skill://pdf-processing/references');
    expect(references.resources.map((r: { uri: string }) => r.uri)).toEqual(['skill://pdf-processing/references/FORMS.md']);
    const acme = await read('skill://acme');
    expect(acme.resources).toEqual([{ uri: 'skill://acme/billing', name: 'billing', mimeType: 'inode/directory' }]);
    await expect(read('skill://pdf-processing/SKILL.md')).rejects.toMatchObject({ code: -32602 });
  });

  it('refuses path traversal and other hostile URIs', async () => {
    const client = await running.connect();
    for (const uri of [
      'skill://pdf-processing/../../../etc/passwd',
      'skill://x/../../etc/passwd',
      'skill://pdf-processing/references/../../../../etc/hosts',
      'skill://pdf-processing/%2e%2e/%2e%2e/etc/passwd',
      `skill://${'a/'.repeat(2000)}SKILL.md`,
    ]) {
      await expect(client.readResource({ uri })).rejects.toMatchObject({ code: -32002 });
      await expect(client.request({ method: 'skills/get', params: { uri } }, ResultSchema)).rejects.toMatchObject({ code: -32602 });
      await expect(
        client.request({ method: 'resources/directory/read', params: { uri } }, ResultSchema),
      ).rejects.toMatchObject({ code: -32602 });
    }
    for (const params of [{}, { uri: 42 }, { uri: '' }]) {
      await expect(client.request({ method: 'skills/get', params }, ResultSchema)).rejects.toMatchObject({ code: -32602 });
    }
  });
});

describe('skills configuration', () => {
  it('serves no skills methods and declares no extension without the option', async () => {
    const running = await startApp({ imports: [McpModule.forRoot({ name: 'plain' })] });
    try {
      const client = await running.connect();
      expect(client.getServerCapabilities()?.extensions).toBeUndefined();
      await expect(client.request({ method: 'skills/list', params: {} }, ResultSchema)).rejects.toMatchObject({ code: -32601 });
      const discover = await statelessRequest(running.mcpUrl, 'server/discover');
      expect(discover.body.result.capabilities.extensions?.[SKILLS_EXTENSION]).toBeUndefined();
      const stateless = await statelessRequest(running.mcpUrl, 'skills/list');
      expect(stateless.body.error.code).toBe(-32601);
    } finally {
      await running.close();
    }
  });

  function bootWith(directory: string): Promise<Error | undefined> {
    return bootstrapError({ imports: [McpModule.forRoot({ name: 'bad', skills: { directory } })] });
  }

  it('fails the bootstrap on a symbolic link that leaves the skills directory', async () => {
    const outside = skillsFolder({ 'secret.txt': 'top secret' });
    const root = skillsFolder({ 'leaky/SKILL.md': '---\nname: leaky\ndescription: Leaks\n---\n' });
    symlinkSync(join(outside, 'secret.txt'), join(root, 'leaky', 'secret.txt'));
    try {
      const error = await bootWith(root);
      expect(error).toBeInstanceOf(McpDefinitionError);
      expect((error as Error).message).toMatch(/points outside the skills directory/);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('follows a symbolic link that stays inside the skills directory', async () => {
    const root = skillsFolder({ 'shared/TERMS.md': 'terms', 'linked/SKILL.md': '---\nname: linked\ndescription: Links\n---\n' });
    symlinkSync(join(root, 'shared', 'TERMS.md'), join(root, 'linked', 'TERMS.md'));
    const running = await startApp({ imports: [McpModule.forRoot({ name: 'links', skills: { directory: root } })] });
    try {
      const client = await running.connect();
      const read = await client.readResource({ uri: 'skill://linked/TERMS.md' });
      expect(read.contents[0]).toMatchObject({ text: 'terms' });
    } finally {
      await running.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it.each([
    ['a folder name that differs from the skill name', { 'pdf/SKILL.md': '---\nname: other\ndescription: d\n---\n' }, /rename the folder/],
    ['an invalid skill name', { 'Bad--Name/SKILL.md': '---\nname: Bad--Name\ndescription: d\n---\n' }, /not a valid skill name/],
    ['no frontmatter', { 'plain/SKILL.md': '# Plain\n' }, /frontmatter block/],
    ['no description', { 'nodesc/SKILL.md': '---\nname: nodesc\n---\n' }, /non-empty "description"/],
    ['unsupported YAML', { 'anchor/SKILL.md': '---\nname: anchor\ndescription: &a d\n---\n' }, /cannot be parsed/],
    ['a SKILL.md at the root', { 'SKILL.md': '---\nname: root\ndescription: d\n---\n' }, /its own folder/],
  ])('fails the bootstrap on %s', async (_label, files, message) => {
    const root = skillsFolder(files);
    try {
      const error = await bootWith(root);
      expect(error).toBeInstanceOf(McpDefinitionError);
      expect((error as Error).message).toMatch(message);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('lists nested skills flat, the enclosing skill listing their files too, and unpublishes skills at run time', async () => {
    const root = skillsFolder({
      'guide/SKILL.md': '---\nname: guide\ndescription: The guide\n---\n',
      'guide/advanced/SKILL.md': '---\nname: advanced\ndescription: The advanced part\n---\n',
      'guide/advanced/DEEP.md': 'deep',
    });
    const running = await startApp({ imports: [McpModule.forRoot({ name: 'nested', skills: { directory: root } })] });
    try {
      const client = await running.connect();
      const listed = (await client.request({ method: 'skills/list', params: {} }, ResultSchema)) as any;
      const byUri = Object.fromEntries(listed.skills.map((skill: any) => [skill.uri, skill.resources.map((r: any) => r.uri)]));
      expect(byUri).toEqual({
        'skill://guide/SKILL.md': ['skill://guide/SKILL.md', 'skill://guide/advanced/DEEP.md', 'skill://guide/advanced/SKILL.md'],
        'skill://guide/advanced/SKILL.md': ['skill://guide/advanced/SKILL.md', 'skill://guide/advanced/DEEP.md'],
      });

      const skills = running.app.get(McpSkillRegistry);
      expect(skills.removeSkill('skill://guide/SKILL.md')).toBe(true);
      // The nested skill still owns its files; the enclosing SKILL.md is gone.
      expect((await client.readResource({ uri: 'skill://guide/advanced/DEEP.md' })).contents[0]).toMatchObject({ text: 'deep' });
      await expect(client.readResource({ uri: 'skill://guide/SKILL.md' })).rejects.toMatchObject({ code: -32002 });
      expect(skills.removeSkill('skill://guide/SKILL.md')).toBe(false);
    } finally {
      await running.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('fails the bootstrap on a missing directory', async () => {
    const error = await bootWith(join(tmpdir(), 'nestjs-mcp-no-such-skills-folder'));
    expect((error as Error).message).toMatch(/Cannot read the skills directory/);
  });
});

import { createHash } from 'node:crypto';
import { buildSkill } from './skill.builder.js';
import { parseFrontmatterYaml } from './skill-frontmatter.parser.js';

const MANIFEST = '---\nname: demo\ndescription: A demo skill\n---\n# Demo\n';

function build(files: Record<string, string | Buffer>, prefix = '') {
  const map = new Map(Object.entries(files).map(([path, content]) => [path, Buffer.from(content)]));
  return buildSkill(prefix, map, parseFrontmatterYaml, 'spec');
}

describe('buildSkill', () => {
  it('publishes SKILL.md first, then the files in path order, with digests of the raw bytes and sizes in bytes', () => {
    const skill = build({ 'b.md': 'é', 'SKILL.md': MANIFEST, 'a/x.txt': 'x' }, 'team/docs');
    expect(skill.uri).toBe('skill://team/docs/demo/SKILL.md');
    expect(skill.files.map((file) => file.path)).toEqual(['SKILL.md', 'a/x.txt', 'b.md']);
    const accent = skill.files[2]!;
    expect(accent.size).toBe(2);
    expect(accent.digest).toBe(`sha256:${createHash('sha256').update('é').digest('hex')}`);
  });

  it('types files by extension, but serves bytes that are not UTF-8 as octet-stream whatever the extension', () => {
    const skill = build({ 'SKILL.md': MANIFEST, 'data.json': '{}', 'run.sh': 'echo', 'notes': 'plain', 'broken.md': Buffer.from([0xc3, 0x28]) });
    const types = Object.fromEntries(skill.files.map((file) => [file.path, file.mimeType]));
    expect(types).toEqual({
      'SKILL.md': 'text/markdown',
      'broken.md': 'application/octet-stream',
      'data.json': 'application/json',
      notes: 'text/plain',
      'run.sh': 'text/x-shellscript',
    });
  });

  it.each([
    ['a path segment with a space', { 'SKILL.md': MANIFEST, 'my file.md': 'x' }, '', /cannot be published as a URI/],
    ['a prefix with ..', { 'SKILL.md': MANIFEST }, '../etc', /not a plain URI path segment/],
    ['a name with a leading hyphen', { 'SKILL.md': '---\nname: -demo\ndescription: d\n---\n' }, '', /not a valid skill name/],
    ['a 65-character name', { 'SKILL.md': `---\nname: ${'a'.repeat(65)}\ndescription: d\n---\n` }, '', /not a valid skill name/],
    ['no SKILL.md', { 'README.md': 'x' }, '', /no SKILL.md/],
  ])('refuses %s', (_label, files, prefix, message) => {
    expect(() => build(files as Record<string, string>, prefix)).toThrow(message);
  });

  it('refuses skills beyond the limits every host accepts', () => {
    const many = Object.fromEntries(Array.from({ length: 512 }, (_, i) => [`f${i}.txt`, 'x']));
    expect(() => build({ 'SKILL.md': MANIFEST, ...many })).toThrow(/513 files/);
    expect(() => build({ 'SKILL.md': MANIFEST, 'big.bin': Buffer.alloc(16 * 1024 * 1024) })).toThrow(/hosts only guarantee 16777216/);
  });
});

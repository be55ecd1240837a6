import { extractFrontmatter, parseFrontmatterYaml } from './skill-frontmatter.parser.js';

describe('extractFrontmatter', () => {
  it('finds the block between the --- markers, ignoring a byte-order mark and CRLF', () => {
    expect(extractFrontmatter('\ufeff---\r\nname: a\r\n---\r\n# Body')).toBe('name: a');
    expect(extractFrontmatter('---\nname: a\n---')).toBe('name: a');
  });

  it('finds nothing without a leading block', () => {
    expect(extractFrontmatter('# Title\n---\nname: a\n---\n')).toBeUndefined();
    expect(extractFrontmatter('---\nname: a\n')).toBeUndefined();
  });
});

describe('parseFrontmatterYaml', () => {
  it('parses nested mappings, lists and scalars by the core schema', () => {
    const yaml = [
      'name: pdf-processing',
      'description: "Extract: text, \\"quoted\\""',
      "license: 'It''s MIT'",
      '# a comment',
      'metadata:',
      '  version: "1.0"',
      '  build: 1.0',
      '  count: 12',
      '  hex: 0x1f',
      '  enabled: true',
      '  nothing: ~',
      '  owner:',
      '    team: docs # trailing comment',
      'tags:',
      '  - pdf',
      '  - "forms"',
      'empty: []',
      'flow: [a, "b, c", 3]',
      'url: https://example.com/a#b',
    ].join('\n');
    expect(parseFrontmatterYaml(yaml)).toEqual({
      name: 'pdf-processing',
      description: 'Extract: text, "quoted"',
      license: "It's MIT",
      metadata: { version: '1.0', build: 1, count: 12, hex: 31, enabled: true, nothing: null, owner: { team: 'docs' } },
      tags: ['pdf', 'forms'],
      empty: [],
      flow: ['a', 'b, c', 3],
      url: 'https://example.com/a#b',
    });
  });

  it('parses lists at the same indentation as their key', () => {
    expect(parseFrontmatterYaml('tools:\n- read\n- write\nname: x')).toEqual({ tools: ['read', 'write'], name: 'x' });
  });

  it('parses literal and folded block scalars with their chomping', () => {
    const yaml = ['literal: |', '  line one', '  line two', 'folded: >-', '  one', '  two', '', '  three', 'after: x'].join('\n');
    expect(parseFrontmatterYaml(yaml)).toEqual({ literal: 'line one\nline two\n', folded: 'one two\nthree', after: 'x' });
  });

  it('gives an empty key an empty value (null)', () => {
    expect(parseFrontmatterYaml('name: a\nlicense:\n')).toEqual({ name: 'a', license: null });
    expect(parseFrontmatterYaml('')).toEqual({});
  });

  it.each([
    ['an anchor', 'name: &a x'],
    ['an alias', 'name: *a'],
    ['a tag', 'name: !!str x'],
    ['a flow mapping', 'meta: {a: 1}'],
    ['a nested flow list', 'x: [[1]]'],
    ['a duplicate key', 'a: 1\na: 2'],
    ['bad indentation', 'a: 1\n   b: 2'],
    ['a mapping inside a list', 'x:\n  - a: 1'],
    ['an unterminated string', 'a: "open'],
    ['a line that is not key: value', 'just text'],
    ['a top-level list', '- a\n- b'],
  ])('refuses %s with the line it is on', (_label, yaml) => {
    expect(() => parseFrontmatterYaml(yaml)).toThrow(/line \d+|not a mapping/);
  });

  it('keeps __proto__ as a plain key instead of touching the prototype', () => {
    const parsed = parseFrontmatterYaml('__proto__:\n  polluted: true\nname: x');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect((parsed as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(parsed)).toEqual(['__proto__', 'name']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

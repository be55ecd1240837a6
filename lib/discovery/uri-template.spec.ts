import { UriTemplate } from './uri-template.js';

describe('UriTemplate', () => {
  it('matches level-1 templates and decodes values', () => {
    const template = UriTemplate.parse('notes://users/{user}/notes/{id}');
    expect(template.variables).toEqual(['user', 'id']);
    expect(template.match('notes://users/ada/notes/a%20b')).toEqual({ user: 'ada', id: 'a b' });
    expect(template.match('notes://users/ada/notes/1/extra')).toBeUndefined();
    expect(template.match('other://users/ada/notes/1')).toBeUndefined();
  });

  it('escapes literal regular-expression characters', () => {
    expect(UriTemplate.parse('a.b+c://{x}').match('aXb+c://1')).toBeUndefined();
    expect(UriTemplate.parse('a.b+c://{x}').match('a.b+c://1')).toEqual({ x: '1' });
  });

  it('gives each variable the longest value that lets the rest match, never spanning a "/"', () => {
    const file = UriTemplate.parse('files://{name}.{ext}');
    expect(file.match('files://archive.tar.gz')).toEqual({ name: 'archive.tar', ext: 'gz' });
    expect(file.match('files://a/b.c')).toBeUndefined();
    expect(file.match('files://.c')).toBeUndefined();
    expect(UriTemplate.parse('x://{a}{b}/{c}').match('x://abc/d')).toEqual({ a: 'ab', b: 'c', c: 'd' });
    expect(UriTemplate.parse('x://{a}/y').match('x://1/y/y')).toBeUndefined();
  });

  it('matches exactly as the anchored regular expression of the template would', () => {
    const templates = ['x://{a}.{b}', 'x://{a}-{b}/{c}', '{a}://{b}', 'x://{a}{b}', 'x://{a}/{b}.{c}.d', 'x://{a}..{b}'];
    const alphabet = ['a', '.', '-', '/', '..', 'x://', 'd'];
    let seed = 7;
    const random = (limit: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % limit);
    for (const text of templates) {
      const template = UriTemplate.parse(text);
      const source = text.replace(/[.*+?^$()|[\]\\-]/g, '\\$&').replace(/\{[A-Za-z0-9_]+\}/g, '([^/]+)');
      const oracle = new RegExp(`^${source}$`);
      for (let run = 0; run < 400; run += 1) {
        const uri = (random(2) ? 'x://' : '') + Array.from({ length: random(8) }, () => alphabet[random(alphabet.length)]).join('');
        const found = oracle.exec(uri);
        const expected = found ? Object.fromEntries(template.variables.map((name, index) => [name, found[index + 1]])) : undefined;
        expect([text, uri, template.match(uri)]).toEqual([text, uri, expected]);
      }
    }
  });

  it('matches a URI of megabytes whose variables share a segment without backtracking', () => {
    const template = UriTemplate.parse('files://{name}.{ext}.{version}');
    const dots = '.'.repeat(2_000_000);
    expect(template.match(`files://${dots}/`)).toBeUndefined();
    expect(template.match(`files://${dots}`)).toEqual({ name: '.'.repeat(1_999_996), ext: '.', version: '.' });
  });

  it.each([
    ['x://{+path}', 'only simple'],
    ['x://{a', 'without a matching "}"'],
    ['x://a}', 'without a matching "{"'],
    ['x://{a}/{a}', 'repeats'],
    ['x://fixed', 'no {variable}'],
  ])('rejects %s', (template, message) => {
    expect(() => UriTemplate.parse(template)).toThrow(message);
  });
});

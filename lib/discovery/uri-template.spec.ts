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

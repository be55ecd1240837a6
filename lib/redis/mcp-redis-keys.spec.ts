import { McpRedisKeys } from './mcp-redis-keys.js';

/** The part of a key Redis Cluster hashes: the first non-empty `{...}`, else the whole key. */
function hashedPart(key: string): string {
  const open = key.indexOf('{');
  if (open === -1) return key;
  const close = key.indexOf('}', open + 1);
  return close === -1 || close === open + 1 ? key : key.slice(open + 1, close);
}

describe('McpRedisKeys', () => {
  const keys = new McpRedisKeys('app:');

  it('puts the keys each script touches together in one hash slot', () => {
    expect(hashedPart(keys.session('a'))).toBe(hashedPart(keys.sessionIndex()));
    expect(hashedPart(keys.session('a'))).toBe(hashedPart(keys.session('b')));
    for (const id of ['s1~x', 'we{ird}', 'close}brace', '{', '']) {
      expect(hashedPart(keys.stream(id))).toBe(hashedPart(keys.streamEvents(id)));
    }
    const taskKeys = [keys.task('t'), keys.ownerTasks('o'), keys.activeTasks(), keys.activeTasks('o'), keys.activeTasks('') + 'o'];
    expect(new Set(taskKeys.map(hashedPart)).size).toBe(1);
  });

  it('spreads different streams over slots', () => {
    expect(hashedPart(keys.stream('one'))).not.toBe(hashedPart(keys.stream('two')));
  });

  it('keeps kinds apart whatever the ids', () => {
    const names = [keys.session('x'), keys.sessionIndex(), keys.stream('x'), keys.streamEvents('x'), keys.task('x'), keys.ownerTasks('x'), keys.activeTasks(), keys.activeTasks('x'), keys.channel('x'), keys.broadcastMembers()];
    expect(new Set(names).size).toBe(names.length);
    expect(keys.session('index')).not.toBe(keys.sessionIndex());
  });

  it('refuses a prefix with braces, which would change the hash tags', () => {
    expect(() => new McpRedisKeys('app{1}:')).toThrow('keyPrefix');
    expect(() => new McpRedisKeys('app}')).toThrow('"app}"');
  });
});

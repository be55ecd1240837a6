import { randomId } from './random-id.js';

describe('randomId', () => {
  it('cuts distinct base64url ids of the asked length, also across pool refills', () => {
    const ids = new Set<string>();
    for (let index = 0; index < 2_000; index += 1) {
      const id = randomId(24);
      expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(2_000);
    expect(randomId(12)).toHaveLength(16);
  });

  it('refuses more bytes than its pool holds', () => {
    expect(() => randomId(100_000)).toThrow('at most');
  });
});

import { ExpiryQueue } from './expiry-queue.js';

describe('ExpiryQueue', () => {
  it('takes due keys earliest first, honours moved and deleted keys, and keeps one entry per key', () => {
    const queue = new ExpiryQueue();
    const times = [50, 10, 40, 30, 20, 60, 5];
    times.forEach((at, index) => queue.set(`k${index}`, at));
    queue.set('k0', 1);
    queue.set('k1', 100);
    queue.delete('k2');
    queue.delete('missing');
    expect(queue.size).toBe(6);
    expect(queue.takeDue(30)).toEqual(['k0', 'k6', 'k4', 'k3']);
    expect(queue.takeDue(1_000)).toEqual(['k5', 'k1']);
    expect(queue.size).toBe(0);
  });

  it('stays ordered through many random operations', () => {
    const queue = new ExpiryQueue();
    const expected = new Map<string, number>();
    let seed = 7;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (let step = 0; step < 5_000; step += 1) {
      const key = `k${Math.floor(random() * 500)}`;
      if (random() < 0.3) {
        queue.delete(key);
        expected.delete(key);
      } else {
        const at = Math.floor(random() * 10_000);
        queue.set(key, at);
        expected.set(key, at);
      }
    }
    const taken = queue.takeDue(Number.MAX_SAFE_INTEGER);
    const times = taken.map((key) => expected.get(key)!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect([...taken].sort()).toEqual([...expected.keys()].sort());
  });
});

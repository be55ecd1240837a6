import { paginate } from './pagination.js';

describe('paginate', () => {
  it('pages with opaque cursors until the end', () => {
    const first = paginate([1, 2, 3, 4, 5], undefined, 2);
    expect(first.items).toEqual([1, 2]);
    const second = paginate([1, 2, 3, 4, 5], first.nextCursor, 2);
    expect(second.items).toEqual([3, 4]);
    const last = paginate([1, 2, 3, 4, 5], second.nextCursor, 2);
    expect(last).toEqual({ items: [5] });
  });

  it('refuses cursors it did not issue', () => {
    expect(() => paginate([1], 'bogus', 2)).toThrow('cursor');
    expect(() => paginate([1], 7, 2)).toThrow('cursor');
  });
});

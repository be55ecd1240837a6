import { ListPageCache } from './list-page.cache.js';

describe('ListPageCache', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  let builds = 0;
  const cache = () =>
    new ListPageCache<string>(2, (page, key) => {
      builds += 1;
      return { items: page.items, wire: key.wire, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    });
  const read = (fragment: { toString(): string }) => JSON.parse(fragment.toString());
  const cursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

  beforeEach(() => (builds = 0));

  it('serializes each page once per revision, wire and caller class', () => {
    const pages = cache();
    const first = pages.page(1, { wire: 'stateful', cursor: undefined }, () => items);
    expect(read(first)).toEqual({ items: ['a', 'b'], wire: 'stateful', nextCursor: cursor(2) });
    expect(pages.page(1, { wire: 'stateful', cursor: undefined }, () => items)).toBe(first);
    expect(read(pages.page(1, { wire: 'stateless', cursor: undefined }, () => items)).wire).toBe('stateless');
    pages.page(1, { wire: 'stateful', cursor: undefined, callerClass: 'admin' }, () => items);
    expect(builds).toBe(3);
    expect(read(pages.page(1, { wire: 'stateful', cursor: cursor(4) }, () => items))).toEqual({ items: ['e'], wire: 'stateful' });
    expect(pages.page(2, { wire: 'stateful', cursor: undefined }, () => ['z'])).not.toBe(first);
    expect(read(pages.page(2, { wire: 'stateful', cursor: undefined }, () => ['z'])).items).toEqual(['z']);
  });

  it('does not keep pages at offsets its own cursors never point to, and refuses foreign cursors', () => {
    const pages = cache();
    const odd = pages.page(1, { wire: 'stateful', cursor: cursor(1) }, () => items);
    expect(read(odd).items).toEqual(['b', 'c']);
    expect(pages.page(1, { wire: 'stateful', cursor: cursor(1) }, () => items)).not.toBe(odd);
    const beyond = pages.page(1, { wire: 'stateful', cursor: cursor(1_000) }, () => items);
    expect(read(beyond).items).toEqual([]);
    expect(pages.page(1, { wire: 'stateful', cursor: cursor(1_000) }, () => items)).not.toBe(beyond);
    expect(() => pages.page(1, { wire: 'stateful', cursor: 'bogus' }, () => items)).toThrow('cursor');
    expect(() => pages.page(1, { wire: 'stateful', cursor: 12 }, () => items)).toThrow('cursor');
  });
});

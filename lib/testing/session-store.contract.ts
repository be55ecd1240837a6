import type { McpSession } from '../stores/mcp-session.js';
import type { McpSessionStore } from '../stores/mcp-session.store.js';
import { contractTestApi, sleep, storeMaker, type StoreContractFactory } from './contract-test-api.js';

const HOUR = 3_600_000;

/** A session with every field set, as the session manager would store it. */
export function sampleSession(id: string, overrides: Partial<McpSession> = {}): McpSession {
  return {
    id,
    protocolVersion: '2025-11-25',
    clientInfo: { name: 'contract-client', version: '1.0.0' },
    clientCapabilities: { elicitation: {}, roots: { listChanged: true } },
    initialized: false,
    subscriptions: [],
    createdAt: 1_750_000_000_000,
    ...overrides,
  };
}

/** Freezes a record and every object in it, as a caller that never modifies records would hand it over. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** A record with its subscriptions sorted: the contract keeps them as a set, in no particular order. */
function normalized(session: McpSession | undefined): McpSession | undefined {
  return session && { ...session, subscriptions: [...session.subscriptions].sort() };
}

/**
 * Defines the behavioural contract of {@link McpSessionStore} as Jest/Vitest tests: round trips, records as values, the
 * capped `create`, last write wins, atomic field changes under concurrency, idempotent delete, `count`, and the idle clock restarted by `get` and `save` (these take about 2 s of real
 * time, since a store backed by a server cannot use fake timers).
 *
 * @example
 * ```ts
 * import { describeSessionStoreContract } from 'nestjs-mcp/testing';
 *
 * describeSessionStoreContract('MySessionStore', () => new MySessionStore(freshClient()));
 * ```
 */
export function describeSessionStoreContract(name: string, factory: StoreContractFactory<McpSessionStore>): void {
  const api = contractTestApi('describeSessionStoreContract');
  const { describe, it, expect } = api;

  describe(`${name} (McpSessionStore contract)`, () => {
    const createStore = storeMaker(api, factory);

    it('returns a saved session, equal in every field', async () => {
      const store = await createStore();
      const session = sampleSession('s-1', { initialized: true, logLevel: 'warning', subscriptions: ['note://1', 'note://é'], owner: 'user:alice' });
      await store.save(session, HOUR);
      expect(normalized(await store.get('s-1', HOUR))).toEqual(normalized(session));
    });

    it('returns undefined for an unknown id', async () => {
      const store = await createStore();
      expect(await store.get('missing', HOUR)).toBeUndefined();
    });

    it('treats records as values: accepts frozen records and never changes one it was given or handed out', async () => {
      const store = await createStore();
      const first = deepFreeze(sampleSession('s-1', { subscriptions: ['note://1'] }));
      await store.save(first, HOUR);
      const read = (await store.get('s-1', HOUR))!;
      await store.save(deepFreeze({ ...read, initialized: true, subscriptions: [] }), HOUR);
      expect(read).toEqual(sampleSession('s-1', { subscriptions: ['note://1'] }));
      expect(first).toEqual(sampleSession('s-1', { subscriptions: ['note://1'] }));
      expect(await store.get('s-1', HOUR)).toEqual(sampleSession('s-1', { initialized: true, subscriptions: [] }));
    });

    it('creates a session only below the cap, and counts it', async () => {
      const store = await createStore();
      expect(await store.create(sampleSession('a'), HOUR, 2)).toBe(true);
      expect(await store.create(sampleSession('b'), HOUR, 2)).toBe(true);
      expect(await store.create(sampleSession('c'), HOUR, 2)).toBe(false);
      expect(await store.get('c', HOUR)).toBeUndefined();
      expect(await store.count()).toBe(2);
      await store.delete('a');
      expect(await store.create(sampleSession('c'), HOUR, 2)).toBe(true);
      expect(await store.get('c', HOUR)).toEqual(sampleSession('c'));
    });

    it('replaces the whole session on save (last write wins)', async () => {
      const store = await createStore();
      await store.save(sampleSession('s-1', { logLevel: 'debug', subscriptions: ['a://1'] }), HOUR);
      const second = sampleSession('s-1', { initialized: true, subscriptions: [] });
      await store.save(second, HOUR);
      const read = await store.get('s-1', HOUR);
      expect(read).toEqual(second);
      expect(read!.logLevel).toBeUndefined();
    });

    it('keeps every one of many concurrent subscriptions, and their session fields', async () => {
      const store = await createStore();
      await store.save(sampleSession('s-1', { subscriptions: ['note://0'] }), HOUR);
      const uris = Array.from({ length: 20 }, (_, index) => `note://${index + 1}`);
      const outcomes = await Promise.all([
        ...uris.map((uri) => store.addSubscription('s-1', uri, 100, HOUR)),
        store.patch('s-1', { logLevel: 'error' }, HOUR),
        store.patch('s-1', { initialized: true }, HOUR),
      ]);
      expect(outcomes).toEqual([...uris.map(() => 'subscribed'), true, true]);
      const read = (await store.get('s-1', HOUR))!;
      expect([...read.subscriptions].sort()).toEqual(['note://0', ...uris].sort());
      expect(normalized(read)).toEqual(normalized(sampleSession('s-1', { initialized: true, logLevel: 'error', subscriptions: ['note://0', ...uris] })));
    });

    it('removes subscriptions concurrently with adding others, and adding one twice keeps one', async () => {
      const store = await createStore();
      await store.save(sampleSession('s-1', { subscriptions: ['a://1', 'a://2', 'a://3'] }), HOUR);
      await Promise.all([
        store.removeSubscription('s-1', 'a://1', HOUR),
        store.removeSubscription('s-1', 'a://3', HOUR),
        store.removeSubscription('s-1', 'a://never', HOUR),
        store.addSubscription('s-1', 'b://1', 100, HOUR),
        store.addSubscription('s-1', 'b://1', 100, HOUR),
        store.addSubscription('s-1', 'a://2', 100, HOUR),
      ]);
      expect([...(await store.get('s-1', HOUR))!.subscriptions].sort()).toEqual(['a://2', 'b://1']);
    });

    it('refuses a subscription past the limit, even when many arrive at once', async () => {
      const store = await createStore();
      await store.save(sampleSession('s-1', { subscriptions: ['a://1'] }), HOUR);
      const outcomes = await Promise.all(Array.from({ length: 10 }, (_, index) => store.addSubscription('s-1', `b://${index}`, 4, HOUR)));
      expect(outcomes.filter((outcome) => outcome === 'subscribed')).toHaveLength(3);
      expect(outcomes.filter((outcome) => outcome === 'full')).toHaveLength(7);
      expect((await store.get('s-1', HOUR))!.subscriptions).toHaveLength(4);
      expect(await store.addSubscription('s-1', 'a://1', 4, HOUR)).toBe('subscribed');
    });

    it('never recreates a session that is gone, and changes no other session', async () => {
      const store = await createStore();
      await store.save(sampleSession('other', { subscriptions: ['a://1'] }), HOUR);
      expect(await store.patch('gone', { logLevel: 'debug' }, HOUR)).toBe(false);
      expect(await store.addSubscription('gone', 'a://2', 100, HOUR)).toBe('missing');
      expect(await store.removeSubscription('gone', 'a://1', HOUR)).toBe(false);
      expect(await store.get('gone', HOUR)).toBeUndefined();
      expect(await store.count()).toBe(1);
      expect(await store.get('other', HOUR)).toEqual(sampleSession('other', { subscriptions: ['a://1'] }));
    });

    it('treats a patch and a subscription change as activity, and keeps records it handed out unchanged', async () => {
      const store = await createStore();
      await store.save(sampleSession('s-1'), 500);
      const before = (await store.get('s-1', 500))!;
      await sleep(300);
      await store.patch('s-1', { logLevel: 'info' }, 500);
      await sleep(300);
      await store.addSubscription('s-1', 'a://1', 100, 500);
      await sleep(300);
      expect(await store.get('s-1', 500)).toEqual(sampleSession('s-1', { logLevel: 'info', subscriptions: ['a://1'] }));
      expect(before).toEqual(sampleSession('s-1'));
    });

    it('grants the GET-stream lease to one holder at a time, renews, takes over on request, and frees it', async () => {
      const store = await createStore();
      await store.save(sampleSession('s-1'), HOUR);
      const claims = await Promise.all(['h1', 'h2', 'h3', 'h4'].map((holder) => store.claimStream('s-1', holder, HOUR, false)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      const holder = ['h1', 'h2', 'h3', 'h4'][claims.indexOf(true)]!;
      expect(await store.claimStream('s-1', holder, HOUR, false)).toBe(true);
      expect(await store.claimStream('s-1', 'other', HOUR, false)).toBe(false);
      expect(await store.claimStream('s-2', 'other', HOUR, false)).toBe(true);
      expect(await store.claimStream('s-1', 'taker', HOUR, true)).toBe(true);
      expect(await store.claimStream('s-1', holder, HOUR, false)).toBe(false);
      await store.releaseStream('s-1', holder);
      expect(await store.claimStream('s-1', 'other', HOUR, false)).toBe(false);
      await store.releaseStream('s-1', 'taker');
      expect(await store.claimStream('s-1', 'other', 300, false)).toBe(true);
      await sleep(450);
      expect(await store.claimStream('s-1', 'late', HOUR, false)).toBe(true);
    });

    it('deletes idempotently, and a deleted session is gone', async () => {
      const store = await createStore();
      await store.save(sampleSession('s-1'), HOUR);
      await store.delete('s-1');
      await store.delete('s-1');
      await store.delete('never-existed');
      expect(await store.get('s-1', HOUR)).toBeUndefined();
    });

    it('counts live sessions', async () => {
      const store = await createStore();
      expect(await store.count()).toBe(0);
      await Promise.all(['a', 'b', 'c'].map((id) => store.save(sampleSession(id), HOUR)));
      await store.save(sampleSession('a', { initialized: true }), HOUR);
      expect(await store.count()).toBe(3);
      await store.delete('b');
      expect(await store.count()).toBe(2);
    });

    it('expires a session idle for longer than its timeout, and stops counting it', async () => {
      const store = await createStore();
      await store.save(sampleSession('long'), HOUR);
      await store.save(sampleSession('short'), 300);
      await store.save(sampleSession('short-too'), 300);
      await sleep(450);
      expect(await store.count()).toBe(1);
      expect(await store.get('short', 300)).toBeUndefined();
      expect(await store.get('long', HOUR)).toBeDefined();
      expect(await store.count()).toBe(1);
    });

    it('restarts the idle clock on get and on save', async () => {
      const store = await createStore();
      const idle = 500;
      await store.save(sampleSession('read'), idle);
      await store.save(sampleSession('written'), idle);
      await sleep(300);
      expect(await store.get('read', idle)).toBeDefined();
      await store.save(sampleSession('written', { initialized: true }), idle);
      await sleep(300);
      expect(await store.get('read', idle)).toBeDefined();
      expect(await store.get('written', idle)).toEqual(sampleSession('written', { initialized: true }));
      await sleep(650);
      expect(await store.get('read', idle)).toBeUndefined();
      expect(await store.get('written', idle)).toBeUndefined();
      expect(await store.count()).toBe(0);
    });
  });
}

import type { McpTaskRecord, McpTaskStatus } from '../stores/mcp-task.js';
import type { McpTaskStore } from '../stores/mcp-task.store.js';
import { contractTestApi, sleep, storeMaker, type StoreContractFactory } from './contract-test-api.js';

let taskCounter = 0;

/** A new working task; `createdAt` is now unless given. */
export function sampleTask(overrides: Partial<McpTaskRecord> = {}): McpTaskRecord {
  const now = new Date().toISOString();
  return {
    taskId: `task-${process.pid}-${++taskCounter}`,
    ownerId: 'owner-a',
    toolName: 'slow_tool',
    wire: 'stateful',
    sessionId: 'session-1',
    status: 'working',
    createdAt: now,
    lastUpdatedAt: now,
    ttlMs: 3_600_000,
    pollIntervalMs: 1_000,
    ...overrides,
  };
}

const TERMINAL: McpTaskStatus[] = ['completed', 'failed', 'cancelled'];

/**
 * Defines the behavioural contract of {@link McpTaskStore} as Jest/Vitest tests: owner scoping, copies, atomic
 * conditional updates (one winner among concurrent terminal moves), clearing fields, TTL, newest-first cursor
 * pagination, active counts and (when implemented) the list of active tasks.
 *
 * @example
 * ```ts
 * describeTaskStoreContract('MyTaskStore', () => new MyTaskStore(freshClient()));
 * ```
 */
export function describeTaskStoreContract(name: string, factory: StoreContractFactory<McpTaskStore>): void {
  const api = contractTestApi('describeTaskStoreContract');
  const { describe, it, expect } = api;

  describe(`${name} (McpTaskStore contract)`, () => {
    const createStore = storeMaker(api, factory);

    it('returns a created task to its owner only; getAny returns it to anyone', async () => {
      const store = await createStore();
      const task = sampleTask({ ttlMs: null, statusMessage: 'Starting' });
      await store.create(task);
      expect(await store.get(task.taskId, 'owner-a')).toEqual(task);
      expect(await store.get(task.taskId, 'owner-b')).toBeUndefined();
      expect(await store.getAny(task.taskId)).toEqual(task);
      expect(await store.get('unknown', 'owner-a')).toBeUndefined();
      expect(await store.getAny('unknown')).toBeUndefined();
    });

    it('hands out copies', async () => {
      const store = await createStore();
      const task = sampleTask();
      await store.create(task);
      task.status = 'failed';
      const read = (await store.get(task.taskId, 'owner-a'))!;
      read.status = 'completed';
      expect((await store.get(task.taskId, 'owner-a'))!.status).toBe('working');
    });

    it('applies a patch, stamps lastUpdatedAt and returns the new record', async () => {
      const store = await createStore();
      const task = sampleTask({ createdAt: '2020-01-01T00:00:00.000Z', lastUpdatedAt: '2020-01-01T00:00:00.000Z', ttlMs: null });
      await store.create(task);
      const inputRequests = { name: { method: 'elicitation/create', params: { message: 'Name?', requestedSchema: { type: 'object' } } } };
      const updated = await store.update(task.taskId, { status: 'input_required', statusMessage: 'Waiting', inputRequests });
      expect(updated).toEqual({ ...task, status: 'input_required', statusMessage: 'Waiting', inputRequests, lastUpdatedAt: updated!.lastUpdatedAt });
      expect(Date.parse(updated!.lastUpdatedAt)).toBeGreaterThan(Date.parse(task.lastUpdatedAt));
      expect(await store.get(task.taskId, 'owner-a')).toEqual(updated);
    });

    it('clears a field patched to undefined', async () => {
      const store = await createStore();
      const task = sampleTask({ status: 'input_required', inputRequests: { a: { method: 'roots/list', params: {} } } });
      await store.create(task);
      const updated = await store.update(task.taskId, { status: 'working', inputRequests: undefined });
      expect(updated!.inputRequests).toBeUndefined();
      expect((await store.getAny(task.taskId))!.inputRequests).toBeUndefined();
    });

    it('changes nothing in a terminal task, nor in an unknown one', async () => {
      const store = await createStore();
      const task = sampleTask();
      await store.create(task);
      const completed = await store.update(task.taskId, { status: 'completed', result: { content: [{ type: 'text', text: 'done' }] } });
      expect(completed!.status).toBe('completed');
      for (const status of [...TERMINAL, 'working'] as McpTaskStatus[]) {
        expect(await store.update(task.taskId, { status, statusMessage: 'late' })).toBeUndefined();
      }
      expect(await store.getAny(task.taskId)).toEqual(completed);
      expect(await store.update('unknown', { status: 'cancelled' })).toBeUndefined();
    });

    it('applies an update only from the given statuses', async () => {
      const store = await createStore();
      const task = sampleTask();
      await store.create(task);
      expect(await store.update(task.taskId, { statusMessage: 'no' }, ['input_required'])).toBeUndefined();
      expect(await store.update(task.taskId, { statusMessage: 'no' }, [])).toBeUndefined();
      expect((await store.update(task.taskId, { statusMessage: 'yes' }, ['input_required', 'working']))!.statusMessage).toBe('yes');
    });

    it('lets exactly one of many concurrent terminal moves apply', async () => {
      const store = await createStore();
      const task = sampleTask();
      await store.create(task);
      const attempts = Array.from({ length: 30 }, (_, index) => TERMINAL[index % 3]!);
      const results = await Promise.all(attempts.map((status, index) => store.update(task.taskId, { status, statusMessage: `attempt ${index}` })));
      const winners = results.filter((result) => result !== undefined);
      expect(winners).toHaveLength(1);
      expect(await store.getAny(task.taskId)).toEqual(winners[0]);
    });

    it('lists an owner’s tasks newest first, a page at a time, each exactly once', async () => {
      const store = await createStore();
      const base = Date.now() - 60_000;
      const mine = Array.from({ length: 7 }, (_, index) => sampleTask({ createdAt: new Date(base + index * 1_000).toISOString() }));
      const theirs = sampleTask({ ownerId: 'owner-b' });
      for (const task of [...mine].reverse()) await store.create(task);
      await store.create(theirs);
      const seen: McpTaskRecord[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.list('owner-a', cursor, 3);
        expect(page.tasks.length).toBeGreaterThan(0);
        seen.push(...page.tasks);
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== undefined && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual([...mine].reverse());
      expect(await store.list('owner-b', undefined, 10)).toEqual({ tasks: [theirs] });
      expect(await store.list('owner-c', undefined, 10)).toEqual({ tasks: [] });
    });

    it('ends the last full page without a cursor', async () => {
      const store = await createStore();
      for (let index = 0; index < 4; index += 1) await store.create(sampleTask());
      const first = await store.list('owner-a', undefined, 2);
      expect(first.nextCursor).toBeDefined();
      const second = await store.list('owner-a', first.nextCursor, 2);
      expect(second.tasks).toHaveLength(2);
      expect(second.nextCursor).toBeUndefined();
    });

    it('rejects a cursor it did not issue', async () => {
      const store = await createStore();
      await expect(store.list('owner-a', 'not-a-cursor', 10)).rejects.toThrow(/cursor/);
    });

    it('forgets a task past its TTL everywhere; a task without TTL stays', async () => {
      const store = await createStore();
      const short = sampleTask({ ttlMs: 300 });
      const forever = sampleTask({ ttlMs: null });
      const expired = sampleTask({ createdAt: new Date(Date.now() - 10_000).toISOString(), ttlMs: 5_000 });
      for (const task of [short, forever, expired]) await store.create(task);
      expect(await store.getAny(expired.taskId)).toBeUndefined();
      expect(await store.countActive('owner-a')).toBe(2);
      await sleep(450);
      expect(await store.get(short.taskId, 'owner-a')).toBeUndefined();
      expect(await store.getAny(short.taskId)).toBeUndefined();
      expect(await store.update(short.taskId, { status: 'cancelled' })).toBeUndefined();
      expect((await store.list('owner-a', undefined, 10)).tasks).toEqual([forever]);
      expect(await store.countActive('owner-a')).toBe(1);
      expect(await store.getAny(forever.taskId)).toEqual(forever);
    });

    it('counts unfinished tasks per owner and overall', async () => {
      const store = await createStore();
      const a1 = sampleTask();
      const a2 = sampleTask({ status: 'input_required' });
      const b1 = sampleTask({ ownerId: 'owner-b' });
      const done = sampleTask({ ownerId: 'owner-b', status: 'completed' });
      for (const task of [a1, a2, b1, done]) await store.create(task);
      expect(await store.countActive('owner-a')).toBe(2);
      expect(await store.countActive('owner-b')).toBe(1);
      expect(await store.countActive()).toBe(3);
      await store.update(a1.taskId, { status: 'cancelled' });
      await store.update(a2.taskId, { status: 'working' });
      expect(await store.countActive('owner-a')).toBe(1);
      expect(await store.countActive()).toBe(2);
      expect(await store.countActive('owner-c')).toBe(0);
    });

    it('lists unfinished tasks of every owner, expiring first first, when it implements listActive', async () => {
      const store = await createStore();
      if (!store.listActive) return;
      const late = sampleTask({ ttlMs: 3_600_000, runner: 'instance-1' });
      const soon = sampleTask({ ownerId: 'owner-b', status: 'input_required', ttlMs: 60_000 });
      const never = sampleTask({ ttlMs: null });
      const done = sampleTask({ ttlMs: 1_000 });
      const expired = sampleTask({ createdAt: new Date(Date.now() - 10_000).toISOString(), ttlMs: 5_000 });
      for (const task of [late, soon, never, done, expired]) await store.create(task);
      await store.update(done.taskId, { status: 'completed', result: { content: [] } });
      expect((await store.listActive(10)).map((task) => task.taskId)).toEqual([soon.taskId, late.taskId, never.taskId]);
      expect(await store.listActive(1)).toEqual([soon]);
      expect((await store.listActive(10)).find((task) => task.taskId === late.taskId)).toEqual(late);
    });

    it('keeps at most maxCompleted finished tasks, dropping the earliest finished, never an unfinished one', async () => {
      const store = await createStore();
      store.setRetention({ maxCompleted: 2, completedTtlMs: 3_600_000 });
      const [first, second, third] = [sampleTask(), sampleTask(), sampleTask()];
      const running = sampleTask();
      for (const task of [first, second, third, running]) await store.create(task);
      await store.update(second.taskId, { status: 'completed', result: { content: [] } });
      await store.update(first.taskId, { status: 'failed' });
      await store.update(third.taskId, { status: 'cancelled' });
      expect(await store.getAny(second.taskId)).toBeUndefined();
      expect((await store.getAny(first.taskId))?.status).toBe('failed');
      expect((await store.getAny(third.taskId))?.status).toBe('cancelled');
      expect((await store.getAny(running.taskId))?.status).toBe('working');
      expect(await store.countActive('owner-a')).toBe(1);
    });

    it('keeps a finished task at most completedTtlMs after it finished, whatever TTL it was created with', async () => {
      const store = await createStore();
      store.setRetention({ maxCompleted: 100, completedTtlMs: 200 });
      const task = sampleTask({ ttlMs: 3_600_000 });
      await store.create(task);
      const finished = await store.update(task.taskId, { status: 'completed', result: { content: [] } });
      expect(finished!.ttlMs).not.toBeGreaterThanOrEqual(3_600_000);
      expect(finished!.ttlMs).toBeGreaterThanOrEqual(200);
      await sleep(400);
      expect(await store.getAny(task.taskId)).toBeUndefined();
      expect((await store.list('owner-a', undefined, 10)).tasks).toEqual([]);
    });
  });
}

import { parseEventId, type McpEventStore, type McpStoredEvent } from '../stores/mcp-event.store.js';
import { contractTestApi, sleep, storeMaker, type StoreContractFactory } from './contract-test-api.js';

/** The limits a suite asks of an event store (`streams.maxEventsPerStream` and `streams.eventTtlMs`). */
export interface EventStoreContractLimits {
  maxEventsPerStream: number;
  eventTtlMs: number;
}

/** Messages of every JSON shape a stream carries. */
const MESSAGES: unknown[] = [
  null,
  { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'p', progress: 0.5, total: 1 } },
  { jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: 'héllo 🌍 "quoted" \n newline' }], structuredContent: {} } },
  { jsonrpc: '2.0', id: 'x', error: { code: -32602, message: 'nope', data: [1, 2.5, -3e-7, 12345678901234, true, null, []] } },
];

const sequenceOf = (event: McpStoredEvent) => parseEventId(event.id)!.sequence;

/**
 * Defines the behavioural contract of {@link McpEventStore} as Jest/Vitest tests: `<streamId>.<n>` ids in call
 * order (single and batched appends), exact replays after any point, the per-stream bound (and `undefined` on a
 * gap), `end`, expiry, broadcast membership and appending one message to many streams. The factory receives the
 * limits the test needs.
 *
 * @example
 * ```ts
 * describeEventStoreContract('MyEventStore', (limits) => new MyEventStore(freshClient(), limits));
 * ```
 */
export function describeEventStoreContract(
  name: string,
  factory: StoreContractFactory<McpEventStore, EventStoreContractLimits>,
): void {
  const api = contractTestApi('describeEventStoreContract');
  const { describe, it, expect } = api;

  describe(`${name} (McpEventStore contract)`, () => {
    const createStore = storeMaker(api, factory);
    const roomy = { maxEventsPerStream: 100, eventTtlMs: 60_000 };

    it('assigns ids <streamId>.<n>, n strictly increasing in call order, also when appends overlap', async () => {
      const store = await createStore(roomy);
      const streamId = 'abc~stream.with.dots';
      const first = await store.append(streamId, MESSAGES[0]);
      const rest = await Promise.all(Array.from({ length: 20 }, (_, index) => store.append(streamId, { index })));
      const events = [first, ...rest];
      for (const event of events) expect(parseEventId(event.id)!.streamId).toBe(streamId);
      const sequences = events.map(sequenceOf);
      for (let index = 1; index < sequences.length; index += 1) expect(sequences[index]!).toBeGreaterThan(sequences[index - 1]!);
      expect(rest.map((event) => event.message)).toEqual(Array.from({ length: 20 }, (_, index) => ({ index })));
    });

    it('appends a batch as consecutive events in order, between single appends, and replays them exactly', async () => {
      const store = await createStore(roomy);
      const before = await store.append('s', MESSAGES[0]);
      const batch = await store.appendBatch('s', MESSAGES.slice(1));
      const after = await store.append('s', { last: true });
      const events = [before, ...batch, after];
      expect(events.map(sequenceOf)).toEqual(events.map((_, index) => sequenceOf(before) + index));
      expect(batch.map((event) => event.message)).toEqual(MESSAGES.slice(1));
      expect((await store.replay('s', -1))!.events).toEqual(events);
      expect((await store.replay('s', sequenceOf(batch[0]!)))!.events).toEqual(events.slice(2));
    });

    it('keeps the bound when one batch is larger than maxEventsPerStream, and takes large batches whole', async () => {
      const store = await createStore({ maxEventsPerStream: 3, eventTtlMs: 60_000 });
      const events = await store.appendBatch('s', Array.from({ length: 1_500 }, (_, index) => ({ index })));
      expect(events).toHaveLength(1_500);
      expect(events.map(sequenceOf)).toEqual(events.map((_, index) => sequenceOf(events[0]!) + index));
      expect(await store.replay('s', sequenceOf(events[1_496]!))).toEqual({ events: events.slice(1_497), ended: false });
      expect((await store.replay('s', sequenceOf(events[1_497]!)))!.events).toEqual(events.slice(1_498));
      expect(await store.replay('s', sequenceOf(events[1_495]!))).toBeUndefined();
    });

    it('replays every event from the start (-1), in order, with its exact id and message', async () => {
      const store = await createStore(roomy);
      const appended: McpStoredEvent[] = [];
      for (const message of MESSAGES) appended.push(await store.append('s', message));
      const replay = await store.replay('s', -1);
      expect(replay).toEqual({ events: appended, ended: false });
      expect(replay!.events.map((event) => event.message)).toEqual(MESSAGES);
    });

    it('replays exactly the events after a given sequence, and nothing after the last one', async () => {
      const store = await createStore(roomy);
      const appended: McpStoredEvent[] = [];
      for (let index = 0; index < 6; index += 1) appended.push(await store.append('s', { index }));
      for (let cut = 0; cut < appended.length; cut += 1) {
        const replay = await store.replay('s', sequenceOf(appended[cut]!));
        expect(replay!.events).toEqual(appended.slice(cut + 1));
      }
      expect((await store.replay('s', sequenceOf(appended.at(-1)!)))!.events).toEqual([]);
    });

    it('returns undefined for an unknown stream and for a sequence it never issued', async () => {
      const store = await createStore(roomy);
      const last = await store.append('s', { index: 0 });
      expect(await store.replay('unknown', -1)).toBeUndefined();
      expect(await store.replay('s', sequenceOf(last) + 1)).toBeUndefined();
    });

    it('keeps streams apart', async () => {
      const store = await createStore(roomy);
      const a = await store.append('a', { stream: 'a' });
      const b = await store.append('b', { stream: 'b' });
      await store.end('a');
      expect(await store.replay('a', -1)).toEqual({ events: [a], ended: true });
      expect(await store.replay('b', -1)).toEqual({ events: [b], ended: false });
    });

    it('keeps at most maxEventsPerStream events and refuses a replay that would have a gap', async () => {
      const store = await createStore({ maxEventsPerStream: 3, eventTtlMs: 60_000 });
      const appended: McpStoredEvent[] = [];
      for (let index = 0; index < 5; index += 1) appended.push(await store.append('s', { index }));
      expect(await store.replay('s', -1)).toBeUndefined();
      expect(await store.replay('s', sequenceOf(appended[0]!))).toBeUndefined();
      expect((await store.replay('s', sequenceOf(appended[1]!)))!.events).toEqual(appended.slice(2));
      expect((await store.replay('s', sequenceOf(appended[3]!)))!.events).toEqual(appended.slice(4));
    });

    it('marks a stream ended, idempotently, and still replays it', async () => {
      const store = await createStore(roomy);
      const event = await store.append('s', { index: 0 });
      expect((await store.replay('s', -1))!.ended).toBe(false);
      await store.end('s');
      await store.end('s');
      expect(await store.replay('s', -1)).toEqual({ events: [event], ended: true });
      expect(await store.replay('s', sequenceOf(event))).toEqual({ events: [], ended: true });
    });

    it('stores nothing when a stream that was never written to is ended', async () => {
      const store = await createStore(roomy);
      await store.end('never-opened');
      expect(await store.replay('never-opened', -1)).toBeUndefined();
      const event = await store.append('never-opened', { index: 0 });
      expect(event.id.startsWith('never-opened.')).toBe(true);
      expect(await store.replay('never-opened', -1)).toEqual({ events: [event], ended: false });
    });

    it('appends one message to each of many streams, each at its next sequence, and replays it there', async () => {
      const store = await createStore(roomy);
      const before = await store.append('a', { index: 0 });
      const streamIds = ['a', 'fresh', ...Array.from({ length: 30 }, (_, index) => `many~${index}`)];
      const events = await store.appendToEach(streamIds, MESSAGES[1]);
      expect(events.map((event) => parseEventId(event.id)!.streamId)).toEqual(streamIds);
      expect(events.every((event) => JSON.stringify(event.message) === JSON.stringify(MESSAGES[1]))).toBe(true);
      expect(sequenceOf(events[0]!)).toBe(sequenceOf(before) + 1);
      expect((await store.replay('a', sequenceOf(before)))!.events).toEqual([events[0]]);
      const after = await store.append('fresh', { index: 1 });
      expect(sequenceOf(after)).toBe(sequenceOf(events[1]!) + 1);
      for (const [index, streamId] of streamIds.entries()) {
        expect((await store.replay(streamId, sequenceOf(events[index]!) - 1))!.events[0]).toEqual(events[index]);
      }
      expect(await store.appendToEach([], { nothing: true })).toEqual([]);
    });

    it('keeps broadcast members, each once, with the later of their expiries, until delisted or expired', async () => {
      const store = await createStore(roomy);
      const one = { streamId: 'tag1~standalone', sessionId: 'session-1' };
      const two = { streamId: 'tag2~standalone', sessionId: 'session 2 with spaces' };
      const byStream = (members: Array<{ streamId: string }>) => [...members].sort((x, y) => x.streamId.localeCompare(y.streamId));
      expect(await store.members()).toEqual([]);
      await store.enlist(one, 60_000);
      await store.enlist(two, 300);
      await store.enlist(one, 100);
      expect(byStream(await store.members())).toEqual([one, two]);
      await sleep(450);
      expect(await store.members()).toEqual([one]);
      await store.delist(one);
      await store.delist(two);
      expect(await store.members()).toEqual([]);
      await store.enlist(two, 60_000);
      expect(await store.members()).toEqual([two]);
    });

    it('shares broadcast members between concurrent enlistments', async () => {
      const store = await createStore(roomy);
      const members = Array.from({ length: 20 }, (_, index) => ({ streamId: `t${index}~standalone`, sessionId: `s${index}` }));
      await Promise.all(members.map((member) => store.enlist(member, 60_000)));
      const listed = await store.members();
      expect(listed).toHaveLength(20);
      expect(new Set(listed.map((member) => member.streamId))).toEqual(new Set(members.map((member) => member.streamId)));
    });

    it('forgets a stream eventTtlMs after its last append or end', async () => {
      const store = await createStore({ maxEventsPerStream: 100, eventTtlMs: 400 });
      await store.append('appended', { index: 0 });
      await store.append('ended', { index: 0 });
      await sleep(250);
      await store.append('appended', { index: 1 });
      await store.end('ended');
      await sleep(250);
      expect((await store.replay('appended', -1))!.events).toHaveLength(2);
      expect((await store.replay('ended', -1))!.ended).toBe(true);
      await sleep(450);
      expect(await store.replay('appended', -1)).toBeUndefined();
      expect(await store.replay('ended', -1)).toBeUndefined();
    });
  });
}

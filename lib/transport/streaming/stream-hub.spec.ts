import { InstanceHeartbeat } from '../../lifecycle/instance-heartbeat.js';
import { ShutdownDrain } from '../../lifecycle/shutdown-drain.js';
import { resolveMcpOptions } from '../../mcp-options.resolver.js';
import { parseEventId, type McpStoredEvent, type McpStreamReplay } from '../../stores/mcp-event.store.js';
import { McpBusTopic } from '../../stores/mcp-message.bus.js';
import { MemoryEventStore } from '../../stores/memory/memory-event.store.js';
import { MemoryInstanceRegistry } from '../../stores/memory/memory-instance-registry.js';
import { MemoryMessageBus } from '../../stores/memory/memory-message.bus.js';
import type { SseSink } from './sse-sink.js';
import { StreamArrivals } from './stream-arrivals.js';
import { StreamBatcher } from './stream-batcher.js';
import { StreamCapacity } from './stream-capacity.js';
import { StreamHub } from './stream-hub.js';

/** A sink that records the ids it was sent, and whether it was closed. */
class RecordingSink implements SseSink {
  readonly ids: string[] = [];
  readonly bufferedBytes = 0;
  closed = false;
  private readonly listeners: Array<() => void> = [];

  sendEvent(event: { id?: string }): void {
    this.ids.push(event.id!);
  }
  sendComment(): void {}
  drained(): Promise<void> {
    return Promise.resolve();
  }
  drop(): void {
    this.close();
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.listeners.splice(0)) listener();
  }
  onClose(listener: () => void): void {
    this.listeners.push(listener);
  }
}

/** The memory store, counting the reads of the store a hub makes; it refuses to append to the `failing` streams. */
class CountingEventStore extends MemoryEventStore {
  replays = 0;
  readonly failing = new Set<string>();
  override replay(streamId: string, after: number): Promise<McpStreamReplay | undefined> {
    this.replays += 1;
    return super.replay(streamId, after);
  }
  override appendBatch(streamId: string, messages: readonly unknown[]): Promise<McpStoredEvent[]> {
    if (this.failing.has(streamId)) return Promise.reject(new Error(`The store is down for "${streamId}".`));
    return super.appendBatch(streamId, messages);
  }
}

/**
 * The names of the maps of the hub, and of the parts it is made of, that hold entries, with their sizes, leaving out
 * `except` (`part.map` names a part's map).
 */
function mapsWithEntries(hub: StreamHub, except: readonly string[] = []): Record<string, number> {
  const found: Record<string, number> = {};
  const visit = (owner: object, prefix: string) => {
    for (const [name, value] of Object.entries(owner)) {
      const path = prefix + name;
      if (value instanceof Map) {
        if (value.size > 0 && !except.includes(path)) found[path] = value.size;
      } else if (prefix === '' && value !== null && typeof value === 'object' && PARTS.has(value.constructor)) {
        visit(value as object, `${name}.`);
      }
    }
  };
  visit(hub, '');
  return found;
}

/** The parts a hub is made of, whose maps count as the hub's. */
const PARTS: ReadonlySet<unknown> = new Set([StreamBatcher, StreamArrivals, StreamCapacity]);

const sequenceOf = (event: McpStoredEvent) => parseEventId(event.id)!.sequence;
const settle = async () => {
  for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('StreamHub delivery in the store order', () => {
  const STREAM = 'tag~call';
  let store: CountingEventStore;
  let bus: MemoryMessageBus;
  let hub: StreamHub;

  async function start(maxEventsPerStream = 100, eventTtlMs = 60_000): Promise<void> {
    const options = resolveMcpOptions({ streams: { maxEventsPerStream, eventTtlMs } }, 'mcp', {});
    store = new CountingEventStore(options);
    bus = new MemoryMessageBus();
    hub = new StreamHub(store, bus, new ShutdownDrain(options), new InstanceHeartbeat(new MemoryInstanceRegistry()), options);
    await hub.onModuleInit();
  }

  afterEach(() => store.onModuleDestroy());

  /** Opens the stream and attaches a sink from its priming event on; returns both. */
  async function attached(): Promise<{ sink: RecordingSink; priming: McpStoredEvent }> {
    const priming = await hub.open(STREAM);
    const sink = new RecordingSink();
    expect(await hub.attach(STREAM, 'session', sink, sequenceOf(priming) - 1)).toBe(true);
    return { sink, priming };
  }

  /** What another instance publishes after storing `events`. */
  const publishFromElsewhere = (events: McpStoredEvent[]) =>
    bus.publish(McpBusTopic.STREAM, { streamId: STREAM, events, origin: 'another-instance' });

  it('reads what an earlier publication has not brought yet, and skips it when it arrives late or again', async () => {
    await start();
    const { sink, priming } = await attached();
    const first = await store.appendBatch(STREAM, [{ n: 1 }, { n: 2 }]);
    const second = await store.appendBatch(STREAM, [{ n: 3 }]);
    await publishFromElsewhere(second);
    await settle();
    await publishFromElsewhere(first);
    await publishFromElsewhere(second);
    await publishFromElsewhere([...first, ...second]);
    await settle();
    expect(sink.ids).toEqual([priming, ...first, ...second].map((event) => event.id));
    expect(sink.closed).toBe(false);
  });

  it('fills a gap inside one publication', async () => {
    await start();
    const { sink, priming } = await attached();
    const events = await store.appendBatch(STREAM, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    await publishFromElsewhere([events[0]!, events[2]!]);
    await settle();
    expect(sink.ids).toEqual([priming, ...events].map((event) => event.id));
  });

  it('keeps deliveries that arrive while a gap is read behind it, in order', async () => {
    await start();
    const { sink, priming } = await attached();
    const events = await store.appendBatch(STREAM, [{ n: 1 }, { n: 2 }]);
    await publishFromElsewhere([events[1]!]);
    const later = await hub.emit(STREAM, { n: 3 });
    await settle();
    expect(sink.ids).toEqual([priming, ...events, later].map((event) => event.id));
  });

  it('closes the connection when the store no longer holds the missing events, writing nothing past the gap', async () => {
    await start(3);
    const { sink, priming } = await attached();
    const events = await store.appendBatch(STREAM, [1, 2, 3, 4, 5].map((n) => ({ n })));
    await publishFromElsewhere([events[4]!]);
    await settle();
    expect(sink.ids).toEqual([priming.id]);
    expect(sink.closed).toBe(true);
    expect(hub.isAttached(STREAM)).toBe(false);
  });

  it('closes the connection when a published event is missing from the store, rather than reading again and again', async () => {
    await start();
    const { sink, priming } = await attached();
    await publishFromElsewhere([{ id: `${STREAM}.${sequenceOf(priming) + 5}`, message: { lost: true } }]);
    await settle();
    expect(sink.ids).toEqual([priming.id]);
    expect(sink.closed).toBe(true);
  });

  it('goes on with the next event of a stream the store forgot while its client stayed connected', async () => {
    await start(100, 50);
    const { sink, priming } = await attached();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const next = await hub.emit(STREAM, { after: 'silence' });
    await settle();
    expect(sequenceOf(next)).toBeGreaterThan(sequenceOf(priming) + 1);
    expect(sink.ids).toEqual([priming.id, next.id]);
    expect(sink.closed).toBe(false);
  });

  it('reads nothing from the store while one instance produces in order (the in-memory deployment)', async () => {
    await start();
    const { sink } = await attached();
    const readsAfterAttach = store.replays;
    const sent = await Promise.all(Array.from({ length: 200 }, (_, n) => hub.emit(STREAM, { n })));
    await hub.broadcast([STREAM], { broadcast: true });
    await settle();
    expect(store.replays).toBe(readsAfterAttach);
    expect(sink.ids.slice(1, 201)).toEqual(sent.map((event) => event.id));
    expect(sink.ids).toHaveLength(202);
  });

  it('keeps no per-stream state for a stream that is never ended once what was sent to it is stored', async () => {
    await start();
    await attached();
    const failures = {};
    await Promise.all(Array.from({ length: 10 }, (_, n) => hub.send(STREAM, { n }, failures)));
    await hub.settled(STREAM);
    await settle();
    // The walk reaches the parts' maps: the attached connection is counted in both of these.
    expect(mapsWithEntries(hub)).toEqual({ attachments: 1, 'capacity.perSession': 1 });
    expect(mapsWithEntries(hub, ['attachments', 'capacity.perSession'])).toEqual({});
    expect(failures).toEqual({});
  });

  it('leaves the failure of a send to its sender, not to a stream that is never ended (a GET stream of an expired session)', async () => {
    await start();
    const standalone = 'tag~standalone';
    store.failing.add(standalone);
    const failures = {};
    await hub.send(standalone, { n: 1 }, failures);
    await hub.settled(standalone);
    await settle();
    // The session expires here: nobody ends its GET stream, and the hub holds nothing for it.
    expect(mapsWithEntries(hub)).toEqual({});
    await expect(hub.send(standalone, { n: 2 }, failures)).rejects.toThrow('The store is down for "tag~standalone".');
    await expect(hub.send(standalone, { n: 3 }, {})).resolves.toBeUndefined();
  });
});

import { resolveMcpOptions } from '../../mcp-options.resolver.js';
import { McpEventStoreFullError, parseEventId, type McpStoredEvent } from '../mcp-event.store.js';
import { MemoryEventStore } from './memory-event.store.js';

const sequenceOf = (event: McpStoredEvent) => parseEventId(event.id)!.sequence;
const storeOf = (maxStoredStreams: number) => new MemoryEventStore(resolveMcpOptions({ streams: { maxStoredStreams } }, 'mcp', {}));

describe('MemoryEventStore bound on streams', () => {
  it('never forgets a live stream: a new stream is refused when every stream is live, and its sequence never restarts', async () => {
    const store = storeOf(2);
    const a0 = await store.append('a', 'a0');
    await store.append('b', 'b0');
    await expect(store.append('c', 'c0')).rejects.toBeInstanceOf(McpEventStoreFullError);
    expect((await store.append('a', 'a1')).id).toBe(`a.${sequenceOf(a0) + 1}`);
    expect((await store.replay('a', -1))!.events.map((event) => event.message)).toEqual(['a0', 'a1']);
    store.onModuleDestroy();
  });

  it('makes room by forgetting the stalest ended stream', async () => {
    const store = storeOf(2);
    const a0 = await store.append('a', 'a0');
    await store.append('b', 'b0');
    await store.end('b');
    await store.end('a');
    expect((await store.append('c', 'c0')).id).toMatch(/^c\.\d+$/);
    expect(await store.replay('b', -1)).toBeUndefined();
    expect(await store.replay('a', -1)).toEqual({ events: [a0], ended: true });
    store.onModuleDestroy();
  });

  it('goes on with higher sequence numbers when a forgotten stream is written again, never reusing an id', async () => {
    const store = new MemoryEventStore(resolveMcpOptions({ streams: { eventTtlMs: 50 } }, 'mcp', {}));
    const before = await store.append('a', 'old');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await store.replay('a', -1)).toBeUndefined();
    const after = await store.append('a', 'new');
    expect(sequenceOf(after)).toBeGreaterThan(sequenceOf(before));
    expect(await store.replay('a', -1)).toEqual({ events: [after], ended: false });
    store.onModuleDestroy();
  });
});

import { openGet, openSession, post, SseReader, type SseEvent } from '../utils/raw-mcp.js';
import type { InstanceProcess } from './utils/instance-process.js';
import { startInstancePair, stopInstancePair, type InstancePair } from './utils/instance-pair.js';

/** The next SSE event; fails when none arrives within 5 s. */
async function nextEvent(reader: SseReader): Promise<SseEvent | undefined> {
  return Promise.race([reader.next(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('No SSE event within 5 s')), 5_000))]);
}

/**
 * One GET stream per session in the whole deployment (two instances on a private Redis): a second GET stream is
 * refused with 409 on either instance while the first is open, so the two never evict each other; a client resuming
 * its GET stream with Last-Event-ID takes it over; once the stream closes, a new one opens anywhere.
 */
describe('one GET stream per session across instances', () => {
  let instances: InstancePair;
  let a: InstanceProcess;
  let b: InstanceProcess;

  beforeAll(async () => {
    instances = await startInstancePair('single-get:');
    ({ a, b } = instances);
  }, 40_000);

  afterAll(async () => {
    await stopInstancePair(instances);
  });

  it('refuses a second GET stream on either instance, keeps the first one serving, and frees the lease on close', async () => {
    const sessionId = await openSession(a.url);
    const first = new SseReader(await openGet(a.url, sessionId));
    await nextEvent(first);
    await post(b.url, sessionId, { jsonrpc: '2.0', id: 1, method: 'resources/subscribe', params: { uri: 'note://lease' } });

    for (let attempt = 0; attempt < 3; attempt += 1) {
      for (const instance of [b, a]) {
        const second = await openGet(instance.url, sessionId);
        expect(second.status).toBe(409);
        expect(await second.json()).toMatchObject({ error: { code: -32000, message: expect.stringContaining('already has an open GET stream') } });
      }
    }

    // The first stream was never evicted: it still receives the session's updates, in order, once each.
    for (const id of [2, 3]) {
      await (await post(b.url, sessionId, { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'touch', arguments: { uri: 'note://lease' } } })).text();
    }
    const updates = [(await nextEvent(first))!, (await nextEvent(first))!];
    expect(updates.map((event) => JSON.parse(event.data).method)).toEqual(['notifications/resources/updated', 'notifications/resources/updated']);
    expect(new Set(updates.map((event) => event.id)).size).toBe(2);

    // A client resuming its GET stream takes it over from the other instance; the old connection ends.
    const resumed = new SseReader(await openGet(b.url, sessionId, updates[1]!.id));
    expect(await nextEvent(resumed)).toEqual({ id: updates[1]!.id, retry: expect.any(Number), data: '' });
    expect(await nextEvent(first)).toBeUndefined();

    // Closed by its client, the stream frees the lease: a new GET stream opens on the other instance.
    await resumed.cancel();
    let reopened = await openGet(a.url, sessionId);
    for (let attempt = 0; reopened.status === 409 && attempt < 100; attempt += 1) {
      await reopened.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 20));
      reopened = await openGet(a.url, sessionId);
    }
    expect(reopened.status).toBe(200);
    await reopened.body?.cancel();
  });
});

import { openGet, openSession, post, SseReader, type SseEvent } from '../utils/raw-mcp.js';
import type { InstanceProcess } from './utils/instance-process.js';
import { startInstancePair, stopInstancePair, type InstancePair } from './utils/instance-pair.js';
import { InstanceProxy } from './utils/instance-proxy.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The next SSE event, or `undefined` when none arrives within `ms` (or the connection is gone). */
function nextWithin(reader: SseReader, ms: number): Promise<SseEvent | undefined> {
  return Promise.race([reader.next().catch(() => undefined), sleep(ms).then(() => undefined)]);
}

/** The next SSE event; fails when none arrives within 10 s. */
async function nextEvent(reader: SseReader): Promise<SseEvent> {
  const event = await nextWithin(reader, 10_000);
  if (!event) throw new Error('No SSE event arrived within 10 s');
  return event;
}

const RELATED_TASK = 'io.modelcontextprotocol/related-task';
const sequenceOf = (event: SseEvent) => Number(event.id!.slice(event.id!.lastIndexOf('.') + 1));
const dataOf = (event: SseEvent) => JSON.parse(event.data) as { method: string; params: Record<string, unknown> };
/** `count` consecutive sequences after `after`. */
const after = (first: number, count: number) => Array.from({ length: count }, (_, index) => first + 1 + index);

/**
 * One stream, many producers and holders: two instances in separate processes on a private Redis, behind a proxy.
 * The store's sequence numbers are the one order of each stream; whoever holds the client's connection delivers
 * every event once, in that order, and broadcasts reach a session's GET stream whichever instance sends them and
 * whether or not a connection is open.
 */
describe('the order of a stream fed and held by several instances', () => {
  let instances: InstancePair;
  let a: InstanceProcess;
  let b: InstanceProcess;
  let proxy: InstanceProxy;

  beforeAll(async () => {
    instances = await startInstancePair('order:');
    ({ a, b } = instances);
    proxy = await InstanceProxy.start([a.url, b.url]);
  }, 40_000);

  afterAll(async () => {
    await proxy?.close();
    await stopInstancePair(instances);
  });

  /** POSTs a request on the session and returns its JSON answer (the client accepts JSON only). */
  async function request(url: URL, sessionId: string, id: number | string, method: string, params: Record<string, unknown>) {
    const response = await post(url, sessionId, { jsonrpc: '2.0', id, method, params }, { accept: 'application/json' });
    expect(response.status).toBe(200);
    return (await response.json()) as { result?: { content?: Array<{ text: string }> } };
  }

  it('delivers the progress of two calls running on two instances to one GET stream, each once, in the store order', async () => {
    const STEPS = 300;
    const sessionId = await openSession(proxy.url);
    const stream = new SseReader(await openGet(a.url, sessionId));
    const priming = await nextEvent(stream);
    // A client that accepts only JSON answers gets each call's progress on its GET stream.
    const call = (url: URL, token: string) =>
      request(url, sessionId, token, 'tools/call', { name: 'steps', arguments: { count: STEPS }, _meta: { progressToken: token } });
    const answers = Promise.all([call(a.url, 'on-a'), call(b.url, 'on-b')]);
    const events: SseEvent[] = [];
    while (events.length < 2 * STEPS) events.push(await nextEvent(stream));
    expect((await answers).map((answer) => answer.result!.content![0]!.text)).toEqual([`${STEPS} steps on a`, `${STEPS} steps on b`]);

    expect(events.map(sequenceOf)).toEqual(after(sequenceOf(priming), 2 * STEPS));
    for (const token of ['on-a', 'on-b']) {
      const progress = events.map(dataOf).filter((message) => message.params.progressToken === token);
      expect(progress.map((message) => message.params.progress)).toEqual(after(0, STEPS));
    }
    expect(await nextWithin(stream, 300)).toBeUndefined();
    await stream.cancel();
  }, 60_000);

  it('delivers the progress of two tasks running on two instances to the session GET stream, each once, in the store order', async () => {
    const STEPS = 300;
    const sessionId = await openSession(proxy.url);
    const stream = new SseReader(await openGet(proxy.url, sessionId));
    const priming = await nextEvent(stream);
    // Task-augmented calls through the proxy, one to each instance; a task's notifications go to the session's GET stream.
    let calls = 0;
    proxy.route = (routed, self) => (routed.rpcMethod === 'tools/call' ? calls++ % 2 : self.randomInstance());
    let taskIds: string[];
    try {
      const tasks = await Promise.all(
        ['task-1', 'task-2'].map(async (token) => {
          const params = { name: 'steps', arguments: { count: STEPS }, task: {}, _meta: { progressToken: token } };
          return (await request(proxy.url, sessionId, token, 'tools/call', params)) as { result?: { task?: { taskId: string; status: string } } };
        }),
      );
      expect(tasks.map((answer) => answer.result!.task!.status)).toEqual(['working', 'working']);
      taskIds = tasks.map((answer) => answer.result!.task!.taskId);
      const creations = proxy.log.filter((entry) => entry.rpcMethod === 'tools/call').map((entry) => entry.instance);
      expect(creations.sort()).toEqual([0, 1]);
    } finally {
      proxy.route = (_routed, self) => self.randomInstance();
    }

    // Every progress notification, then each task's `completed` status, whatever the interleaving.
    const events: SseEvent[] = [];
    const completed = () => events.filter((event) => dataOf(event).method === 'notifications/tasks/status' && dataOf(event).params.status === 'completed');
    while (events.length < 2 * STEPS || completed().length < 2) events.push(await nextEvent(stream));
    expect(events).toHaveLength(2 * STEPS + 2);
    expect(events.map(sequenceOf)).toEqual(after(sequenceOf(priming), 2 * STEPS + 2));
    for (const [index, token] of ['task-1', 'task-2'].entries()) {
      const progress = events.map(dataOf).filter((message) => message.params.progressToken === token);
      expect(progress.map((message) => message.params.progress)).toEqual(after(0, STEPS));
      expect(progress.every((message) => (message.params._meta as Record<string, { taskId: string }>)[RELATED_TASK].taskId === taskIds[index])).toBe(true);
      // A task's `completed` status comes after its last progress notification.
      const last = events.findLastIndex((event) => dataOf(event).params.progressToken === token);
      const status = events.findIndex((event) => dataOf(event).method === 'notifications/tasks/status' && dataOf(event).params.taskId === taskIds[index]);
      expect(status).toBeGreaterThan(last);
    }
    const results = await Promise.all(
      taskIds.map((taskId, index) => request(proxy.url, sessionId, `result-${index}`, 'tasks/result', { taskId })),
    );
    expect(results.map((answer) => answer.result!.content![0]!.text).sort()).toEqual([`${STEPS} steps on a`, `${STEPS} steps on b`]);
    expect(await nextWithin(stream, 300)).toBeUndefined();
    await stream.cancel();
  }, 60_000);

  it('loses and repeats nothing while its GET stream moves between the instances 16 times under continuous updates', async () => {
    const MOVES = 16;
    const URIS = Array.from({ length: 96 }, (_, index) => `note://moving/${index}`);
    const sessionId = await openSession(proxy.url);
    await Promise.all(URIS.map((uri, index) => request(proxy.url, sessionId, `sub-${index}`, 'resources/subscribe', { uri })));
    let gets = 0;
    proxy.route = (routed, self) => (routed.kind === 'get' ? gets++ % 2 : self.randomInstance());
    try {
      let reader = new SseReader(await openGet(proxy.url, sessionId));
      const priming = await nextEvent(reader);
      // Updates keep coming from both instances, one after the other, whatever the stream is doing.
      const updating = (async () => {
        for (const [index, uri] of URIS.entries()) {
          await request(index % 2 === 0 ? a.url : b.url, sessionId, `touch-${index}`, 'tools/call', { name: 'touch', arguments: { uri } });
        }
      })();
      const received: SseEvent[] = [];
      let lastId = priming.id!;
      const readUntil = async (count: number) => {
        while (received.length < count) {
          const event = await nextEvent(reader);
          if (!event.data) {
            // A resumed stream starts with a priming event carrying the id it resumes from.
            expect(event.id).toBe(lastId);
            continue;
          }
          received.push(event);
          lastId = event.id!;
        }
      };
      for (let move = 1; move <= MOVES; move += 1) {
        await readUntil(move * 5);
        await reader.cancel();
        reader = new SseReader(await openGet(proxy.url, sessionId, lastId));
      }
      await readUntil(URIS.length);
      await updating;
      expect(await nextWithin(reader, 300)).toBeUndefined();
      await reader.cancel();

      expect(received.map(sequenceOf)).toEqual(after(sequenceOf(priming), URIS.length));
      const uris = received.map((event) => dataOf(event).params.uri as string);
      expect([...uris].sort()).toEqual([...URIS].sort());
      const resumes = proxy.log.filter((entry) => entry.kind === 'get' && entry.lastEventId !== undefined);
      expect(resumes).toHaveLength(MOVES);
      expect(new Set(resumes.map((entry) => entry.instance))).toEqual(new Set([0, 1]));
    } finally {
      proxy.route = (_routed, self) => self.randomInstance();
    }
  }, 120_000);

  it('stores the broadcasts sent after its instance died, for a resume on the other instance', async () => {
    const sessionId = await openSession(b.url);
    for (const uri of ['note://gap/1', 'note://gap/2']) await request(b.url, sessionId, uri, 'resources/subscribe', { uri });
    const first = new SseReader(await openGet(a.url, sessionId));
    const priming = await nextEvent(first);
    await a.kill();
    proxy.down.add(0);
    expect(await nextWithin(first, 1_000)).toBeUndefined();

    // No instance holds the stream now, and b never did: the updates go to its log in the store all the same.
    for (const uri of ['note://gap/1', 'note://gap/2']) {
      await request(b.url, sessionId, `touch ${uri}`, 'tools/call', { name: 'touch', arguments: { uri } });
    }
    const resumed = new SseReader(await openGet(proxy.url, sessionId, priming.id));
    expect(await nextEvent(resumed)).toEqual({ id: priming.id, retry: expect.any(Number), data: '' });
    const missed = [await nextEvent(resumed), await nextEvent(resumed)];
    expect(missed.map((event) => dataOf(event).params.uri)).toEqual(['note://gap/1', 'note://gap/2']);
    expect(missed.map(sequenceOf)).toEqual(after(sequenceOf(priming), 2));
    expect(await nextWithin(resumed, 300)).toBeUndefined();
    await resumed.cancel();
  }, 60_000);
});

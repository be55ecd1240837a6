import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { connectSdkClient } from '../utils/sdk-client.js';
import type { InstanceProcess } from './utils/instance-process.js';
import { startInstancePair, stopInstancePair, type InstancePair } from './utils/instance-pair.js';
import { InstanceProxy } from './utils/instance-proxy.js';

const URIS = Array.from({ length: 20 }, (_, index) => `note://concurrent/${index}`);

/** Resolves once `check` holds; fails after 10 s. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500 && !check(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!check()) throw new Error(`Timed out waiting for ${what}`);
}

/** Subscribes to every URI at once, then touches each: every subscription must hold and deliver its update. */
async function subscribeConcurrently(client: Client): Promise<void> {
  const updated = new Set<string>();
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => void updated.add(notification.params.uri));
  const answers = await Promise.all(URIS.map((uri) => client.subscribeResource({ uri })));
  expect(answers).toEqual(URIS.map(() => ({})));
  await client.setLoggingLevel('error');
  for (const uri of URIS) await client.callTool({ name: 'touch', arguments: { uri } });
  await eventually(() => updated.size === URIS.length, 'an update for every subscribed URI');
  expect([...updated].sort()).toEqual([...URIS].sort());
}

/**
 * Concurrent changes of one session (subscribes, a logging level) on a private Redis: the store changes single
 * fields atomically, so none overwrites another, whether one instance or two behind a round-robin proxy take them.
 */
describe('concurrent changes of one session on Redis', () => {
  let instances: InstancePair;
  let a: InstanceProcess;
  let b: InstanceProcess;
  let pair: InstanceProxy;
  let single: InstanceProxy;

  beforeAll(async () => {
    instances = await startInstancePair('concurrent:');
    ({ a, b } = instances);
    pair = await InstanceProxy.start([a.url, b.url]);
    single = await InstanceProxy.start([a.url]);
  }, 40_000);

  afterAll(async () => {
    await Promise.all([pair?.close(), single?.close()]);
    await stopInstancePair(instances);
  });

  it('keeps all 20 concurrent subscribes on one instance', async () => {
    const client = await connectSdkClient(single.url);
    try {
      await subscribeConcurrently(client);
    } finally {
      await client.close();
    }
  });

  it('keeps all 20 concurrent subscribes spread over two instances', async () => {
    const client = await connectSdkClient(pair.url);
    try {
      await subscribeConcurrently(client);
    } finally {
      await client.close();
    }
  });
});

import type { Cluster } from 'ioredis';
import { McpModule } from 'nestjs-mcp';
import {
  McpRedisModule,
  McpRedisConnection,
  RedisEventStore,
  RedisInstanceRegistry,
  RedisMessageBus,
  RedisSessionStore,
  RedisTaskStore,
} from 'nestjs-mcp/redis';
import {
  describeEventStoreContract,
  describeInstanceRegistryContract,
  describeMessageBusContract,
  describeSessionStoreContract,
  describeTaskStoreContract,
} from 'nestjs-mcp/testing';
import { sessionIdOf } from '../utils/sdk-client.js';
import { startApp } from '../utils/start-app.js';
import { ScaledTools } from './fixtures/scaled-app.module.js';
import { connectionStoreFactories } from './utils/connection-store-factory.js';
import { PrivateCluster } from './utils/private-cluster.js';

// Every Redis store passes its contract on a three-master Redis Cluster this spec starts and tears down.
let cluster: PrivateCluster;
let client: Cluster;
let stores = 0;

beforeAll(async () => {
  cluster = await PrivateCluster.start(3);
  client = await cluster.connect();
}, 60_000);

afterAll(async () => {
  client?.disconnect();
  await cluster?.stop();
});

it('spreads the keys of different streams over the masters', async () => {
  const connection = await McpRedisConnection.open({ client, keyPrefix: 'spread:' });
  const store = new RedisEventStore(connection, { maxEventsPerStream: 10, eventTtlMs: 60_000 });
  for (let index = 0; index < 30; index += 1) await store.append(`stream-${index}`, { index });
  const counts = await Promise.all(client.nodes('master').map((node) => node.dbsize()));
  expect(counts.filter((count) => count > 0).length).toBeGreaterThan(1);
  await connection.close();
});

it('runs an app on a Cluster client given to McpRedisModule: sessions, progress on a stream, tasks', async () => {
  const running = await startApp({
    imports: [McpModule.forRoot({ name: 'on-cluster' }), McpRedisModule.forRoot({ client, keyPrefix: 'app:' })],
    providers: [ScaledTools],
  });
  try {
    const mcp = await running.connect();
    const progress: number[] = [];
    await mcp.callTool({ name: 'progress', arguments: {} }, undefined, { onprogress: ({ progress: value }) => progress.push(value) });
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect(await client.exists(`app:{sessions}session:${sessionIdOf(mcp)}`)).toBe(1);
  } finally {
    await running.close();
  }
});

it('stores and replays a stream whatever its id, braces included (a hostile Last-Event-ID)', async () => {
  const connection = await McpRedisConnection.open({ client, keyPrefix: 'odd-ids:' });
  const store = new RedisEventStore(connection, { maxEventsPerStream: 10, eventTtlMs: 60_000 });
  for (const id of ['}x', '{', '{a}', 'a}{b', '']) {
    const events = await store.appendBatch(id, [{ n: 1 }, { n: 2 }]);
    expect((await store.replay(id, -1))!.events).toEqual(events);
  }
  await connection.close();
});

/** Stores under a prefix of their own each, on the cluster client (which their connections never close). */
const clusterFactory = connectionStoreFactories(() => client, () => `cluster-${++stores}:`);

describeSessionStoreContract('RedisSessionStore on Redis Cluster', clusterFactory((connection) => new RedisSessionStore(connection)));

describeTaskStoreContract('RedisTaskStore on Redis Cluster', clusterFactory((connection) => new RedisTaskStore(connection)));

describeEventStoreContract('RedisEventStore on Redis Cluster', clusterFactory((connection, limits) => new RedisEventStore(connection, limits)));

describeMessageBusContract(
  'RedisMessageBus on Redis Cluster',
  clusterFactory(
    (connection) => new RedisMessageBus(connection),
    ({ deployment }: { deployment: string }) => `cluster-bus-${deployment}:`,
  ),
  { crossInstance: true },
);

describeInstanceRegistryContract(
  'RedisInstanceRegistry on Redis Cluster',
  clusterFactory((connection, timings: { heartbeatMs: number; leaseMs: number }) => new RedisInstanceRegistry(connection, { ...timings, producerTtlMs: 60_000 })),
  { keepsProducers: true },
);

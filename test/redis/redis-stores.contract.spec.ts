import type { Redis } from 'ioredis';
import {
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
import { connectionStoreFactories } from './utils/connection-store-factory.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from './utils/test-redis.js';

const run = uniquePrefix('contract');
let client: Redis;
let stores = 0;

beforeAll(async () => {
  client = await connectTestRedis();
});

afterAll(async () => {
  if (!client) return;
  await deleteKeys(client, run);
  expect(await client.keys(`${run}*`)).toEqual([]);
  await client.quit();
});

/** Stores under a prefix of their own each, on the shared test client (which their connections never close). */
const storeFactory = connectionStoreFactories(() => client, () => `${run}${++stores}:`);

describeSessionStoreContract('RedisSessionStore', storeFactory((connection) => new RedisSessionStore(connection)));

describeTaskStoreContract('RedisTaskStore', storeFactory((connection) => new RedisTaskStore(connection)));

describeEventStoreContract('RedisEventStore', storeFactory((connection, limits) => new RedisEventStore(connection, limits)));

describeMessageBusContract(
  'RedisMessageBus',
  storeFactory(
    (connection) => new RedisMessageBus(connection),
    ({ deployment }: { deployment: string }) => `${run}bus-${deployment}:`,
  ),
  { crossInstance: true },
);

describeInstanceRegistryContract(
  'RedisInstanceRegistry',
  storeFactory((connection, timings: { heartbeatMs: number; leaseMs: number }) => new RedisInstanceRegistry(connection, { ...timings, producerTtlMs: 60_000 })),
  { keepsProducers: true },
);

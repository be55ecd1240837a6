import type { Redis } from 'ioredis';
import {
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
import { connectTestRedis, deleteKeys, uniquePrefix } from './utils/test-redis.js';

const run = uniquePrefix('contract');
let client: Redis;
let stores = 0;
const connections = new WeakMap<object, McpRedisConnection>();

beforeAll(async () => {
  client = await connectTestRedis();
});

afterAll(async () => {
  if (!client) return;
  await deleteKeys(client, run);
  expect(await client.keys(`${run}*`)).toEqual([]);
  await client.quit();
});

/** A store under a prefix of its own, on the shared test client (which the connection never closes). */
function redisFactory<T extends object>(build: (connection: McpRedisConnection) => T, keyPrefix = () => `${run}${++stores}:`) {
  return {
    async create() {
      const connection = await McpRedisConnection.open({ client, keyPrefix: keyPrefix() });
      const store = build(connection);
      connections.set(store, connection);
      return store;
    },
    dispose: (store: T) => connections.get(store)?.close(),
  };
}

describeSessionStoreContract('RedisSessionStore', redisFactory((connection) => new RedisSessionStore(connection)));

describeTaskStoreContract('RedisTaskStore', redisFactory((connection) => new RedisTaskStore(connection)));

describeEventStoreContract('RedisEventStore', {
  async create(limits) {
    const connection = await McpRedisConnection.open({ client, keyPrefix: `${run}${++stores}:` });
    const store = new RedisEventStore(connection, limits);
    connections.set(store, connection);
    return store;
  },
  dispose: (store) => connections.get(store)?.close(),
});

describeMessageBusContract(
  'RedisMessageBus',
  {
    async create({ deployment }) {
      const connection = await McpRedisConnection.open({ client, keyPrefix: `${run}bus-${deployment}:` });
      const bus = new RedisMessageBus(connection);
      connections.set(bus, connection);
      return bus;
    },
    dispose: (bus) => connections.get(bus)?.close(),
  },
  { crossInstance: true },
);

describeInstanceRegistryContract(
  'RedisInstanceRegistry',
  {
    async create(timings) {
      const connection = await McpRedisConnection.open({ client, keyPrefix: `${run}${++stores}:` });
      const registry = new RedisInstanceRegistry(connection, { ...timings, producerTtlMs: 60_000 });
      connections.set(registry, connection);
      return registry;
    },
    dispose: (registry) => connections.get(registry)?.close(),
  },
  { keepsProducers: true },
);

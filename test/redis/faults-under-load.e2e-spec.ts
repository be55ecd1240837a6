import { Redis } from 'ioredis';
import { InstanceProcess } from './utils/instance-process.js';
import { InstanceProxy } from './utils/instance-proxy.js';
import { PrivateRedis } from './utils/private-redis.js';
import { uniquePrefix } from './utils/test-redis.js';
import { serves, ToolLoad } from './utils/tool-load.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until both instances answer a new session's call again (after a fault), or fails after about 20 s. */
async function untilBothServe(...urls: URL[]): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if ((await Promise.all(urls.map(serves))).every(Boolean)) return;
    await sleep(200);
  }
  throw new Error('The instances did not serve again after the fault');
}

/**
 * Keeps a fault on until a call started during it was refused with 503 (or about 15 s passed): on a loaded machine the
 * first calls may take longer than the fault's minimum time to meet it.
 */
async function untilRefused(run: ToolLoad): Promise<void> {
  for (let attempt = 0; attempt < 75 && !run.of('fault').some((outcome) => outcome.kind === 'unavailable'); attempt += 1) await sleep(200);
}

/** Lets the load run for half a second more once calls of `phase` were answered (or fails after about 20 s). */
async function untilAnswered(run: ToolLoad, phase: string): Promise<void> {
  for (let attempt = 0; attempt < 100 && !run.of(phase).some((outcome) => outcome.kind === 'answered'); attempt += 1) await sleep(200);
  await sleep(500);
}

/**
 * Two instances (one on Express, one on Fastify) behind a proxy without affinity, sharing a private Redis, while SDK
 * clients and raw HTTP sessions keep calling tools (a JSON answer and a streamed one) through the proxy. Each Redis
 * fault is injected under that load: every call gets its answer or a 503 JSON-RPC error with Retry-After (on a stream
 * already open: that error as the call's response), none hangs past a few seconds, and both instances serve again
 * afterwards.
 */
describe('Redis faults under load, two instances', () => {
  const keyPrefix = uniquePrefix('faults-load');
  let redis: PrivateRedis;
  let admin: Redis;
  let a: InstanceProcess;
  let b: InstanceProcess;
  let proxy: InstanceProxy;
  let load: ToolLoad | undefined;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const env = { REDIS_URL: redis.url, MCP_KEY_PREFIX: keyPrefix };
    [a, b] = await Promise.all([
      InstanceProcess.start('a', { ...env, MCP_PLATFORM: 'express' }),
      InstanceProcess.start('b', { ...env, MCP_PLATFORM: 'fastify' }),
    ]);
    proxy = await InstanceProxy.start([a.url, b.url]);
  }, 30_000);

  afterEach(async () => {
    redis.thaw();
    await load?.stop();
    load = undefined;
  });

  afterAll(async () => {
    await proxy?.close();
    await Promise.all([a?.kill(), b?.kill()]);
    admin?.disconnect();
    await redis?.stop();
  });

  /** Runs the load through a fault: `inject` starts it, `recover` ends it. */
  async function underLoad(inject: () => Promise<void> | void, recover: () => Promise<void> | void): Promise<ToolLoad> {
    const run = (load = new ToolLoad(proxy.url));
    run.start(3, 3);
    await untilAnswered(run, 'before');
    run.phase = 'fault';
    await inject();
    await sleep(2_500);
    await untilRefused(run);
    await recover();
    run.phase = 'after';
    await untilBothServe(a.url, b.url);
    await untilAnswered(run, 'after');
    await run.stop();
    return run;
  }

  function expectEveryCallSettledWell(run: ToolLoad, allowSessionLoss: boolean): void {
    expect(run.wrong(allowSessionLoss)).toEqual([]);
    expect(run.of('before').filter((outcome) => outcome.kind === 'answered').length).toBeGreaterThan(0);
    expect(run.of('fault').filter((outcome) => outcome.kind === 'unavailable').length).toBeGreaterThan(0);
    expect(run.of('after').filter((outcome) => outcome.kind === 'answered').length).toBeGreaterThan(0);
  }

  it('answers or refuses with 503 while Redis is frozen (SIGSTOP), then serves again', async () => {
    const run = await underLoad(
      () => redis.freeze(),
      () => redis.thaw(),
    );
    expectEveryCallSettledWell(run, false);
  }, 60_000);

  it('answers or refuses with 503 while Redis refuses writes for lack of memory, then serves again', async () => {
    const run = await underLoad(
      async () => void (await admin.config('SET', 'maxmemory', '1')),
      async () => void (await admin.config('SET', 'maxmemory', '0')),
    );
    expectEveryCallSettledWell(run, false);
  }, 60_000);

  it('answers or refuses with 503 while Redis restarts, then serves again (sessions opened anew)', async () => {
    const run = await underLoad(
      () => redis.stop(),
      () => redis.start(),
    );
    expectEveryCallSettledWell(run, true);
  }, 60_000);
});

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';

const run = promisify(execFile);

/** Whether a loopback TCP port can be bound now. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port whose cluster bus port (port + 10000) is free too. */
async function freeClusterPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (taken.has(port) || taken.has(port + 10_000)) continue;
    if ((await isFree(port)) && (await isFree(port + 10_000))) {
      taken.add(port).add(port + 10_000);
      return port;
    }
  }
  throw new Error('Found no free port pair for a Redis Cluster node.');
}

/**
 * A throw-away Redis Cluster of three masters (no replicas) on spare loopback ports, made with
 * `redis-server --cluster-enabled yes` and `redis-cli --cluster create`, without persistence. `stop` kills the nodes
 * and removes their working directory.
 */
export class PrivateCluster {
  private constructor(
    readonly ports: readonly number[],
    private readonly children: readonly ChildProcess[],
    private readonly dir: string,
  ) {}

  static async start(masters = 3): Promise<PrivateCluster> {
    const taken = new Set<number>();
    const ports: number[] = [];
    for (let index = 0; index < masters; index += 1) ports.push(await freeClusterPort(taken));
    const dir = await mkdtemp(join(tmpdir(), 'mcp-cluster-'));
    const children = ports.map((port) =>
      spawn(
        'redis-server',
        [
          '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
          '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir, '--save', '', '--appendonly', 'no',
        ],
        { stdio: 'ignore' },
      ),
    );
    const cluster = new PrivateCluster(ports, children, dir);
    try {
      for (const port of ports) await untilPong(port);
      await run('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes']);
      for (const port of ports) await untilClusterOk(port);
    } catch (error) {
      await cluster.stop();
      throw new Error(`Could not start a Redis Cluster (${(error as Error).message}); install redis-server and redis-cli to run this spec.`);
    }
    return cluster;
  }

  /** A Cluster client of this cluster (the caller closes it). */
  async connect(): Promise<Cluster> {
    const client = new Cluster(
      this.ports.map((port) => ({ host: '127.0.0.1', port })),
      { lazyConnect: true, clusterRetryStrategy: () => null },
    );
    await client.connect();
    return client;
  }

  /** Kills the nodes and removes their files. */
  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    await rm(this.dir, { recursive: true, force: true });
  }
}

async function untilPong(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      client.disconnect();
    }
  }
  throw new Error(`node on port ${port} did not answer`);
}

async function untilClusterOk(port: number): Promise<void> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
  try {
    await client.connect();
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if (/cluster_state:ok/.test(String(await client.cluster('INFO')))) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`node on port ${port} did not reach cluster_state:ok`);
  } finally {
    client.disconnect();
  }
}

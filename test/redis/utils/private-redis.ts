import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';

/** A free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A throw-away `redis-server` on a free loopback port, without persistence, that a test can stop and start again
 * on the same port to cut Redis from under an app.
 */
export class PrivateRedis {
  private child?: ChildProcess;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  /** Starts (or restarts) the server and resolves once it accepts connections. */
  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    this.child = child;
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (error) => reject(new Error(`Cannot run "redis-server" (${error.message}); install Redis to run this spec.`)));
    });
    await Promise.race([failed, this.untilAccepting()]);
  }

  /** Freezes the server (SIGSTOP): connections stay open, commands get no answer. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  /** Lets a frozen server run again (SIGCONT). */
  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  /** Stops the server and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    child.kill('SIGCONT');
    await exited;
    this.child = undefined;
  }

  private async untilAccepting(): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const accepted = await new Promise<boolean>((resolve) => {
        const socket = new Socket();
        const settle = (result: boolean) => {
          socket.destroy();
          resolve(result);
        };
        socket.once('connect', () => settle(true)).once('error', () => settle(false));
        socket.connect(this.port, '127.0.0.1');
      });
      if (accepted) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`redis-server did not accept connections on port ${this.port}`);
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FIXTURE_MAIN = fileURLToPath(new URL('../fixtures/scaled-app.main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** One instance of the scaled fixture app, running in its own Node process (TypeScript through @swc-node/register). */
export class InstanceProcess {
  private constructor(
    readonly name: string,
    readonly url: URL,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
  ) {}

  /** Starts an instance and resolves with its MCP URL once it listens; rejects with its stderr if it fails first. */
  static start(name: string, env: Record<string, string>, timeoutMs = 20_000): Promise<InstanceProcess> {
    const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', FIXTURE_MAIN], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', MCP_INSTANCE: name, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
      const fail = (why: string) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`Instance "${name}" ${why}:\n${output}`));
      };
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening (\S+)/.exec(output);
        if (!match) return;
        clearTimeout(timer);
        resolve(new InstanceProcess(name, new URL(match[1]!), child, exited));
      });
      child.once('exit', (code, signal) => fail(`exited (code ${code}, signal ${signal})`));
    });
  }

  /** Kills the process at once (SIGKILL, no graceful shutdown) and waits until it is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

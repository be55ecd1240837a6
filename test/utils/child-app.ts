import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './stdio-sample.js';

/** An app running in its own Node process, and the URL of its MCP endpoint. */
export interface ChildApp {
  readonly baseUrl: string;
  readonly mcpUrl: URL;
  /** What the process printed so far (stdout and stderr). */
  output(): string;
  /** Stops the process and waits for it to exit. */
  close(): Promise<void>;
}

/**
 * Starts a TypeScript entry file under `test/` as its own Node process (through @swc-node/register, which maps
 * `nestjs-mcp` to `lib/` with tsconfig.json's paths, so the current sources run without a build), for apps that
 * need packages Jest's module runtime cannot load. The entry prints `LISTENING <port>` once it listens. Jest's
 * NODE_OPTIONS (VM modules) are not passed on.
 */
export function startChildApp(entry: string, args: string[] = [], timeoutMs = 60_000): Promise<ChildApp> {
  const env = { ...process.env, NODE_OPTIONS: '', SWC_NODE_PROJECT: 'tsconfig.json' };
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', entry, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`"${entry}" did not listen within ${timeoutMs} ms.`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${error.message}\n${output}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LISTENING (\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.removeListener('exit', onEarlyExit);
      const baseUrl = `http://127.0.0.1:${match[1]}`;
      resolve({ baseUrl, mcpUrl: new URL(`${baseUrl}/mcp`), output: () => output, close: () => stop(child, exited) });
    };
    const onEarlyExit = (code: number | null) => fail(new Error(`"${entry}" exited with code ${code} before listening.`));
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onEarlyExit);
  });
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exited;
}

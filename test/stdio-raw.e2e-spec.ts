import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { JsonLines } from './utils/json-lines.js';
import { sampleStdioCommand } from './utils/stdio-sample.js';

/** The sample's stdio entry as a raw child process: bytes in, lines out, nothing in between. */
function startSample(): { child: ChildProcessWithoutNullStreams; out: JsonLines; stderr: () => string; exited: Promise<{ code: number | null; signal: string | null }> } {
  const { command, args, cwd, env } = sampleStdioCommand({ API_KEY: 'raw-secret', NOTES_API_KEY: 'raw-secret' });
  const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, out: new JsonLines(child.stdout), stderr: () => stderr, exited };
}

function send(child: ChildProcessWithoutNullStreams, message: unknown): void {
  child.stdin.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
}

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1.0.0' } },
};

describe('stdio: raw bytes against the sample process', () => {
  it('writes nothing but JSON-RPC on stdout, survives hostile lines, logs on stderr, and exits with 0 when stdin closes', async () => {
    const { child, out, stderr, exited } = startSample();
    try {
      send(child, '{"jsonrpc": "2.0", "id": 7, "method": ');
      expect(await out.next((line) => line.id === null)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });

      // One line over the 4 MiB default: refused without being buffered whole, and without being answered as a ping.
      send(child, { jsonrpc: '2.0', id: 'huge', method: 'ping', params: { padding: 'x'.repeat(4 * 1024 * 1024 + 10) } });
      const refused = await out.next((line) => line.id === null && line.error?.code === -32000);
      expect(refused.error!.message).toContain('4194304-byte limit');

      send(child, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
      expect(await out.response(2)).toMatchObject({ error: { code: -32002 } });

      send(child, INITIALIZE);
      expect(await out.response(1)).toMatchObject({ result: { protocolVersion: '2025-11-25', serverInfo: { name: 'notes-sample' } } });
      send(child, { jsonrpc: '2.0', method: 'notifications/initialized' });

      send(child, { jsonrpc: '2.0', id: 3, method: 'no/such/method' });
      expect(await out.response(3)).toMatchObject({ error: { code: -32601 } });

      // A response to a request the server never sent is ignored; the next request is served as usual.
      send(child, { jsonrpc: '2.0', id: 'stdio-999', result: { action: 'accept' } });
      send(child, { jsonrpc: '2.0', id: 4, method: 'ping' });
      expect(await out.response(4)).toEqual({ jsonrpc: '2.0', id: 4, result: {} });

      send(child, { jsonrpc: '2.0', id: 5, method: 'logging/setLevel', params: { level: 'debug' } });
      expect(await out.response(5)).toEqual({ jsonrpc: '2.0', id: 5, result: {} });
      send(child, { jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'search', arguments: { query: 'welcome' } } });
      const log = await out.next((line) => line.method === 'notifications/message');
      expect(log).toMatchObject({ params: { level: 'debug', logger: 'notes', data: { query: 'welcome', found: 1 } } });
      expect((await out.response(6)).result).toMatchObject({ structuredContent: { items: [expect.objectContaining({ title: 'Welcome' })] } });

      child.stdin.end();
      expect(await exited).toEqual({ code: 0, signal: null });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }

    expect(out.unterminated).toBe('');
    for (const raw of out.raw) {
      const message = JSON.parse(raw) as Record<string, unknown>;
      expect(message.jsonrpc).toBe('2.0');
    }
    expect(out.all.filter((line) => line.id === 'huge')).toEqual([]);
    expect(stderr()).toContain('Discovered 7 tools');
    // The sample's AppModule has guards: [SampleAuthGuard] for its HTTP endpoint; its stdio entry says they do not run.
    expect(stderr()).toContain('McpModule\'s "guards" option (SampleAuthGuard) does not run over stdio');
    expect(stderr()).toContain('Stopping: The client closed its input.');
  }, 60_000);

  it('closes the application and exits with 0 on SIGTERM', async () => {
    const { child, out, stderr, exited } = startSample();
    try {
      send(child, INITIALIZE);
      await out.response(1);
      child.kill('SIGTERM');
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(stderr()).toContain('Received SIGTERM; stopping.');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});

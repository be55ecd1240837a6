import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { McpCallToolResult, McpTextContent } from '../protocol/mcp-types.js';
import { connectLegacyWire } from './legacy-wire.client.js';
import type {
  McpCallOptions,
  McpLogEntry,
  McpProgressUpdate,
  McpPromptOutcome,
  McpResourceOutcome,
  McpTestClientOptions,
  McpTestWire,
  McpToolOutcome,
} from './mcp-test-client.types.js';
import { connectModernWire } from './modern-wire.client.js';
import { headerMergingFetch, withCallHeaders, type WireClient, type WireRequestOptions } from './wire-client.js';

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * An MCP client for tests, built on the official client packages. It connects to an `INestApplication` made with
 * `Test.createTestingModule(...)` (listening on an ephemeral loopback port when the app is not listening yet), does
 * the handshake, and unwraps results while keeping the raw ones reachable.
 *
 * @example
 * ```ts
 * const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
 * const app = moduleRef.createNestApplication();
 * const mcp = await McpTestClient.connect(app, { headers: { 'x-api-key': 'secret' } });
 * const { value } = await mcp.callTool('create_note', { title: 'Hello' });
 * await mcp.close();
 * await app.close();
 * ```
 */
export class McpTestClient {
  private constructor(
    private readonly wireClient: WireClient,
    /** The revision this client speaks. */
    readonly wire: McpTestWire,
    /** The endpoint this client talks to. */
    readonly url: URL,
    private readonly timeoutMs: number,
    /** Every `notifications/message` (log) received so far, in order. */
    readonly logs: readonly McpLogEntry[],
    private readonly app: INestApplication,
    private readonly options: McpTestClientOptions,
  ) {}

  /**
   * On 2025-11-25 a session belongs to the caller that opened it, so a call with headers of its own (another
   * credential) runs in a session of that caller: one per distinct set of headers, opened on first use.
   */
  private readonly callers = new Map<string, Promise<McpTestClient>>();

  /**
   * Connects to the app's MCP endpoint. An app that is not listening yet is started on `127.0.0.1`, port 0;
   * closing the app stays the test's job.
   */
  static async connect(app: INestApplication, options: McpTestClientOptions = {}): Promise<McpTestClient> {
    const url = await endpointUrl(app, options.path ?? 'mcp');
    const wire = options.wire ?? '2025-11-25';
    const logs: McpLogEntry[] = [];
    const setup = { url, options, fetch: headerMergingFetch(options.headers), onLog: (entry: McpLogEntry) => void logs.push(entry) };
    const wireClient = wire === '2026-07-28' ? await connectModernWire(setup) : await connectLegacyWire(setup);
    return new McpTestClient(wireClient, wire, url, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, logs, app, options);
  }

  /** Every tool, all pages followed. */
  listTools(): Promise<Record<string, unknown>[]> {
    return this.listAll('tools');
  }

  /** Every fixed resource, all pages followed. */
  listResources(): Promise<Record<string, unknown>[]> {
    return this.listAll('resources');
  }

  /** Every prompt, all pages followed. */
  listPrompts(): Promise<Record<string, unknown>[]> {
    return this.listAll('prompts');
  }

  /**
   * Calls a tool and unwraps its result; a tool failure (`isError`) is returned, not thrown, so a test can assert
   * on it. Protocol errors (unknown tool, invalid arguments on 2026-07-28) reject.
   */
  async callTool<T = unknown>(name: string, args: Record<string, unknown> = {}, options: McpCallOptions = {}): Promise<McpToolOutcome<T>> {
    const caller = await this.callerFor(options);
    if (caller) return caller.callTool<T>(name, args, { ...options, headers: undefined });
    const progress: McpProgressUpdate[] = [];
    const raw = await withCallHeaders(options.headers, () =>
      this.wireClient.callTool({ name, arguments: args }, this.requestOptions(options, progress)),
    );
    return toolOutcome<T>(raw, progress);
  }

  /**
   * Calls a tool as a task, waits for it to finish and unwraps its result: experimental tasks on 2025-11-25 (`ttlMs`
   * is the TTL asked for), the tasks extension on 2026-07-28 (input requests are answered with the client's
   * `onElicitation`/`onSampling`; `ttlMs` is not sent).
   */
  async runTask<T = unknown>(
    name: string,
    args: Record<string, unknown> = {},
    options: McpCallOptions & { ttlMs?: number } = {},
  ): Promise<McpToolOutcome<T>> {
    const caller = await this.callerFor(options);
    if (caller) return caller.runTask<T>(name, args, { ...options, headers: undefined });
    const progress: McpProgressUpdate[] = [];
    const raw = await withCallHeaders(options.headers, () =>
      this.wireClient.runTask({ name, arguments: args }, options.ttlMs, this.requestOptions(options, progress)),
    );
    return toolOutcome<T>(raw, progress);
  }

  /** Reads a resource; `text` is the first content's text (or base64 blob). */
  async readResource(uri: string, options: McpCallOptions = {}): Promise<McpResourceOutcome> {
    const caller = await this.callerFor(options);
    if (caller) return caller.readResource(uri, { ...options, headers: undefined });
    const raw = await withCallHeaders(options.headers, () => this.wireClient.readResource({ uri }, this.requestOptions(options)));
    const first = raw.contents[0] as { text?: string; blob?: string; mimeType?: string } | undefined;
    return { text: first?.text ?? first?.blob ?? '', mimeType: first?.mimeType, raw };
  }

  /** Gets a prompt; `texts` are its text messages in order. */
  async getPrompt(name: string, args: Record<string, string> = {}, options: McpCallOptions = {}): Promise<McpPromptOutcome> {
    const caller = await this.callerFor(options);
    if (caller) return caller.getPrompt(name, args, { ...options, headers: undefined });
    const raw = await withCallHeaders(options.headers, () =>
      this.wireClient.getPrompt({ name, arguments: args }, this.requestOptions(options)),
    );
    const texts = raw.messages.flatMap((message) => (message.content.type === 'text' ? [message.content.text] : []));
    return { texts, raw };
  }

  /** Closes the client (its sessions and streams); the app stays up. */
  async close(): Promise<void> {
    const callers = await Promise.allSettled(this.callers.values());
    await Promise.all(callers.map((caller) => (caller.status === 'fulfilled' ? caller.value.close() : undefined)));
    await this.wireClient.close();
  }

  /** The client of the caller a call's own headers make, on the wire whose sessions are bound to their caller. */
  private callerFor(options: McpCallOptions): Promise<McpTestClient> | undefined {
    if (!options.headers || this.wire !== '2025-11-25') return undefined;
    const headers = { ...this.options.headers, ...options.headers };
    const key = JSON.stringify(Object.entries(headers).sort(([a], [b]) => a.localeCompare(b)));
    let caller = this.callers.get(key);
    if (!caller) {
      caller = McpTestClient.connect(this.app, { ...this.options, headers });
      this.callers.set(key, caller);
    }
    return caller;
  }

  private async listAll(kind: 'tools' | 'resources' | 'prompts'): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.wireClient.list(kind, cursor, this.requestOptions({}));
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  private requestOptions(options: McpCallOptions, progress?: McpProgressUpdate[]): WireRequestOptions {
    return {
      timeout: options.timeoutMs ?? this.timeoutMs,
      ...(progress ? { onprogress: (update: McpProgressUpdate) => void progress.push(update) } : {}),
    };
  }
}

/** The app's MCP URL on loopback, after starting the app on an ephemeral port when it is not listening. */
async function endpointUrl(app: INestApplication, path: string): Promise<URL> {
  const server = app.getHttpServer() as { listening?: boolean; address(): AddressInfo | string | null };
  if (!server.listening) {
    await app.listen(0, '127.0.0.1');
  }
  const address = server.address();
  if (!address || typeof address === 'string') {
    throw new Error('McpTestClient needs an app listening on TCP; call app.listen(0) or let the client start it.');
  }
  return new URL(`http://127.0.0.1:${address.port}/${path.replace(/^\/+|\/+$/g, '')}`);
}

function toolOutcome<T>(raw: McpCallToolResult, progress: McpProgressUpdate[]): McpToolOutcome<T> {
  const text = (raw.content ?? [])
    .filter((block): block is McpTextContent => block.type === 'text')
    .map((block) => block.text)
    .join('\n');
  const value = (raw.structuredContent ?? text) as T;
  return { value, text, isError: raw.isError === true, progress, raw };
}

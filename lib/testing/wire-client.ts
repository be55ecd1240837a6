import { AsyncLocalStorage } from 'node:async_hooks';
import type { McpCallToolResult, McpGetPromptResult, McpReadResourceResult } from '../protocol/mcp-types.js';
import type { McpLogEntry, McpProgressUpdate, McpTestClientOptions } from './mcp-test-client.types.js';

/** What one request of the kit passes to the official client underneath. */
export interface WireRequestOptions {
  readonly timeout: number;
  readonly onprogress?: (update: McpProgressUpdate) => void;
}

/** A page of `tools/list`, `resources/list` or `prompts/list`. */
export interface WirePage {
  readonly items: readonly Record<string, unknown>[];
  readonly nextCursor?: string;
}

/** The calls the kit makes, the same on both wires; each wire adapts one official client to it. */
export interface WireClient {
  list(kind: 'tools' | 'resources' | 'prompts', cursor: string | undefined, options: WireRequestOptions): Promise<WirePage>;
  callTool(params: Record<string, unknown>, options: WireRequestOptions): Promise<McpCallToolResult>;
  readResource(params: Record<string, unknown>, options: WireRequestOptions): Promise<McpReadResourceResult>;
  getPrompt(params: Record<string, unknown>, options: WireRequestOptions): Promise<McpGetPromptResult>;
  /** Calls a tool as a task and waits for its result, when the wire's client supports it. */
  runTask(params: Record<string, unknown>, ttlMs: number | undefined, options: WireRequestOptions): Promise<McpCallToolResult>;
  close(): Promise<void>;
}

/** What a wire adapter needs to build its client. */
export interface WireClientSetup {
  readonly url: URL;
  readonly options: McpTestClientOptions;
  readonly fetch: typeof fetch;
  readonly onLog: (entry: McpLogEntry) => void;
}

/** The client identity the kit announces when the options give none. */
export const DEFAULT_CLIENT_INFO = { name: 'nestjs-mcp-test-client', version: '1.0.0' };

/** The client capabilities the kit declares: elicitation and sampling only when the test answers them. */
export function kitCapabilities(options: McpTestClientOptions): Record<string, object> {
  return {
    ...(options.onElicitation ? { elicitation: {} } : {}),
    ...(options.onSampling ? { sampling: {} } : {}),
  };
}

type ListMethod<K extends string> = (
  params: { cursor: string } | undefined,
  options: never,
) => Promise<{ [key in K]: readonly object[] } & { nextCursor?: string }>;

/** The list calls both official clients have, under the same names. */
export interface ListingClient {
  listTools: ListMethod<'tools'>;
  listResources: ListMethod<'resources'>;
  listPrompts: ListMethod<'prompts'>;
}

/** One page of a list through either official client. */
export async function listPage(
  client: ListingClient,
  kind: 'tools' | 'resources' | 'prompts',
  cursor: string | undefined,
  options: WireRequestOptions,
): Promise<WirePage> {
  const params = cursor ? { cursor } : undefined;
  const page =
    kind === 'tools'
      ? await client.listTools(params, options as never).then((tools) => ({ items: tools.tools, nextCursor: tools.nextCursor }))
      : kind === 'resources'
        ? await client.listResources(params, options as never).then((page) => ({ items: page.resources, nextCursor: page.nextCursor }))
        : await client.listPrompts(params, options as never).then((page) => ({ items: page.prompts, nextCursor: page.nextCursor }));
  return { items: page.items as readonly Record<string, unknown>[], nextCursor: page.nextCursor };
}

/** The headers of the call running in the current async context (per-call headers). */
const callHeaders = new AsyncLocalStorage<Record<string, string>>();

/** Runs `work` so that every HTTP request it makes carries `headers` too. */
export function withCallHeaders<T>(headers: Record<string, string> | undefined, work: () => Promise<T>): Promise<T> {
  return headers ? callHeaders.run(headers, work) : work();
}

/**
 * A `fetch` for the official clients' transports: the client's own headers, then those of the call running in this
 * async context, so concurrent calls with different credentials never mix.
 */
export function headerMergingFetch(headers: Record<string, string> = {}): typeof fetch {
  return (input, init) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries({ ...headers, ...callHeaders.getStore() })) {
      merged.set(name, value);
    }
    return fetch(input, { ...init, headers: merged });
  };
}

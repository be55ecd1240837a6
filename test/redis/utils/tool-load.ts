import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { rawRequest, type RawResponse } from '../../utils/raw-http.js';
import { RawMcpSession } from '../../utils/raw-mcp-session.js';
import { connectSdkClient } from '../../utils/sdk-client.js';

/** How one call ended. */
export type CallOutcome =
  /** Its answer. */
  | { kind: 'answered' }
  /** HTTP 503 with `Retry-After` and a JSON-RPC -32000 error, or that error as the response on an open stream. */
  | { kind: 'unavailable' }
  /** HTTP 404: the session is gone (Redis restarted without persistence); the worker opens a new one. */
  | { kind: 'session-lost' }
  /** Anything else: a hang, a plain 500, a stream that ended without the response. */
  | { kind: 'wrong'; detail: string };

/** The longest a call may take before it counts as a hang. */
export const HANG_MS = 8_000;

const REDIS_MESSAGE = /Redis/;

/**
 * Clients calling tools through one URL in a loop until stopped: SDK clients (a streaming tool, `progress`) and
 * raw HTTP sessions (a JSON answer, `whoami`, and the streaming one asked for progress), each call bounded by
 * {@link HANG_MS}. Every outcome is recorded with the phase it started in.
 */
export class ToolLoad {
  readonly outcomes: Array<CallOutcome & { phase: string; worker: string }> = [];
  phase = 'before';
  private running = true;
  private readonly workers: Promise<void>[] = [];
  private readonly clients = new Set<Client>();

  constructor(private readonly url: URL) {}

  /** Starts `sdk` SDK clients and `raw` raw sessions, each opened once Redis serves. */
  start(sdk: number, raw: number): void {
    for (let index = 0; index < sdk; index += 1) this.workers.push(this.sdkWorker(`sdk-${index}`));
    for (let index = 0; index < raw; index += 1) this.workers.push(this.rawWorker(`raw-${index}`));
  }

  /** Stops every worker after its current call and closes the SDK clients. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
    await Promise.all([...this.clients].map((client) => client.close().catch(() => undefined)));
  }

  /** The outcomes of a phase. */
  of(phase: string): CallOutcome[] {
    return this.outcomes.filter((outcome) => outcome.phase === phase);
  }

  /** Every outcome that is neither an answer, nor 503, nor (when allowed) a lost session. */
  wrong(allowSessionLoss: boolean): Array<CallOutcome & { phase: string; worker: string }> {
    return this.outcomes.filter(
      (outcome) => outcome.kind === 'wrong' || (outcome.kind === 'session-lost' && !allowSessionLoss),
    );
  }

  private record(worker: string, phase: string, outcome: CallOutcome): CallOutcome {
    this.outcomes.push({ ...outcome, phase, worker });
    return outcome;
  }

  private async sdkWorker(name: string): Promise<void> {
    let client: Client | undefined;
    while (this.running) {
      const phase = this.phase;
      if (!client) {
        client = await connectSdkClient(this.url).catch(() => undefined);
        if (!client) {
          await pause();
          continue;
        }
        this.clients.add(client);
      }
      const outcome = this.record(name, phase, await bounded(sdkCall(client)));
      if (outcome.kind === 'session-lost') {
        this.clients.delete(client);
        await client.close().catch(() => undefined);
        client = undefined;
      }
      if (outcome.kind !== 'answered') await pause();
    }
  }

  private async rawWorker(name: string): Promise<void> {
    let session: RawMcpSession | undefined;
    let call = 0;
    while (this.running) {
      const phase = this.phase;
      if (!session) {
        session = await RawMcpSession.open(this.url).catch(() => undefined);
        if (!session) {
          await pause();
          continue;
        }
      }
      call += 1;
      const streaming = call % 2 === 0;
      const id = call;
      const params = streaming ? { name: 'progress', arguments: {}, _meta: { progressToken: id } } : { name: 'whoami', arguments: {} };
      const outcome = this.record(
        name,
        phase,
        await bounded(session.post({ jsonrpc: '2.0', id, method: 'tools/call', params }).then((response) => classifyRaw(response, id))),
      );
      if (outcome.kind === 'session-lost') session = undefined;
      if (outcome.kind !== 'answered') await pause();
    }
  }
}

/** A few milliseconds between calls after a refusal, as a client honouring Retry-After would (shortened). */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

/** The outcome, or a hang once {@link HANG_MS} passed. */
async function bounded(outcome: Promise<CallOutcome>): Promise<CallOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<CallOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'wrong', detail: `no answer within ${HANG_MS} ms` }), HANG_MS);
  });
  try {
    return await Promise.race([outcome.catch((error: unknown) => ({ kind: 'wrong', detail: String(error) }) as CallOutcome), hang]);
  } finally {
    clearTimeout(timer);
  }
}

async function sdkCall(client: Client): Promise<CallOutcome> {
  try {
    const result = await client.callTool({ name: 'progress', arguments: {} }, undefined, { onprogress: () => undefined, timeout: HANG_MS * 2 });
    const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
    return /^done on [ab]$/.test(text) ? { kind: 'answered' } : { kind: 'wrong', detail: `answer ${JSON.stringify(result)}` };
  } catch (error) {
    if (error instanceof StreamableHTTPError) {
      if (error.code === 503 && /"code":-32000/.test(error.message) && REDIS_MESSAGE.test(error.message)) return { kind: 'unavailable' };
      if (error.code === 404) return { kind: 'session-lost' };
    }
    const { code, message } = error as { code?: unknown; message?: unknown };
    // A call whose stream had started gets the Redis error as its response.
    if (code === -32000 && typeof message === 'string' && REDIS_MESSAGE.test(message)) return { kind: 'unavailable' };
    return { kind: 'wrong', detail: `${String(code)} ${String(message)}` };
  }
}

/** Classifies a raw answer to request `id`: JSON or a whole SSE stream. */
function classifyRaw(response: RawResponse, id: number): CallOutcome {
  if (response.status === 503) {
    const body = safeJson(response.text);
    return response.headers['retry-after'] === '1' && body?.error?.code === -32000 && REDIS_MESSAGE.test(body.error.message)
      ? { kind: 'unavailable' }
      : { kind: 'wrong', detail: `503 ${JSON.stringify(response.headers)} ${response.text}` };
  }
  if (response.status === 404) return { kind: 'session-lost' };
  if (response.status !== 200) return { kind: 'wrong', detail: `HTTP ${response.status}: ${response.text}` };
  const messages = String(response.headers['content-type']).includes('text/event-stream')
    ? response.text
        .split('\n\n')
        .map((block) => block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join(''))
        .filter((data) => data)
        .map(safeJson)
    : [safeJson(response.text)];
  const answer = messages.find((message) => message?.id === id && message.method === undefined);
  if (!answer) return { kind: 'wrong', detail: `no response to ${id}: ${response.text.slice(0, 500)}` };
  if (answer.result) return { kind: 'answered' };
  if (answer.error?.code === -32000 && REDIS_MESSAGE.test(answer.error.message)) return { kind: 'unavailable' };
  return { kind: 'wrong', detail: `error ${JSON.stringify(answer.error)}` };
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether `url` answers a fresh session's tools/call within the hang bound. */
export async function serves(url: URL): Promise<boolean> {
  try {
    const session = await RawMcpSession.open(url);
    const response = await rawRequest(url, {
      headers: session.sessionHeaders,
      body: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'whoami', arguments: {} } },
    });
    return response.status === 200;
  } catch {
    return false;
  }
}

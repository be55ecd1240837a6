/** Raw-HTTP helpers for the MCP endpoint: sessions and incremental SSE reading, for the edges the SDK hides. */

export interface SseEvent {
  id?: string;
  retry?: number;
  data: string;
}

const BASE_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** Opens a session with a raw initialize + notifications/initialized; returns its id. */
export async function openSession(url: URL, capabilities: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: BASE_HEADERS,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities, clientInfo: { name: 'raw', version: '1.0.0' } },
    }),
  });
  const sessionId = response.headers.get('mcp-session-id');
  await response.text();
  if (!sessionId) throw new Error(`initialize failed with HTTP ${response.status}`);
  await post(url, sessionId, { jsonrpc: '2.0', method: 'notifications/initialized' });
  return sessionId;
}

/** POSTs one message on a session. */
export function post(url: URL, sessionId: string, message: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { ...BASE_HEADERS, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25', ...headers },
    body: JSON.stringify(message),
  });
}

/** Opens the session's GET stream (optionally resuming after `lastEventId`). */
export function openGet(url: URL, sessionId: string, lastEventId?: string, signal?: AbortSignal): Promise<Response> {
  return fetch(url, {
    method: 'GET',
    signal,
    headers: {
      accept: 'text/event-stream',
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-11-25',
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    },
  });
}

/** Reads SSE events from a response body one at a time. */
export class SseReader {
  private buffer = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();

  constructor(response: Response) {
    this.reader = response.body!.getReader();
  }

  /** The next event (comments skipped), or `undefined` when the stream ended. */
  async next(): Promise<SseEvent | undefined> {
    for (;;) {
      const boundary = this.buffer.indexOf('\n\n');
      if (boundary !== -1) {
        const block = this.buffer.slice(0, boundary);
        this.buffer = this.buffer.slice(boundary + 2);
        const event = parseBlock(block);
        if (event) return event;
        continue;
      }
      const { done, value } = await this.reader.read();
      if (done) return undefined;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** Reads events until one whose data satisfies `predicate`; returns every event read. */
  async until(predicate: (data: Record<string, unknown>) => boolean): Promise<SseEvent[]> {
    const events: SseEvent[] = [];
    for (;;) {
      const event = await this.next();
      if (!event) return events;
      events.push(event);
      if (event.data && predicate(JSON.parse(event.data))) return events;
    }
  }

  /** Stops reading and drops the connection. */
  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}

function parseBlock(block: string): SseEvent | undefined {
  const event: SseEvent = { data: '' };
  let isEvent = false;
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') event.id = value;
    else if (field === 'retry') event.retry = Number(value);
    else if (field === 'data') event.data += value;
    else continue;
    isEvent = true;
  }
  return isEvent ? event : undefined;
}

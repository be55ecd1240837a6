import { answerJsonOrSse, asAccepted } from './json-or-sse.js';
import type { SseSink } from './streaming/sse-sink.js';
import type { McpHttpStream } from './mcp-http.types.js';

const stream: McpHttpStream = { kind: 'stream', headers: {}, start: () => undefined };

function streaming() {
  let open!: () => void;
  let isOpen = false;
  const opened = new Promise<void>((resolve) => (open = () => ((isOpen = true), resolve())));
  return { state: { opened, get isOpen() { return isOpen; } }, open };
}

describe('answerJsonOrSse', () => {
  it('answers JSON when the handler finishes before it streams anything', async () => {
    const { state } = streaming();
    const answer = await answerJsonOrSse(Promise.resolve(7), state, { json: (n) => ({ kind: 'reply', status: 200, headers: {}, body: n }), sse: () => stream });
    expect(answer).toEqual({ kind: 'reply', status: 200, headers: {}, body: 7 });
  });

  it('answers with a stream as soon as the handler opens one, without waiting for it to finish', async () => {
    const { state, open } = streaming();
    const never = new Promise<number>(() => undefined);
    const answering = answerJsonOrSse(never, state, { json: () => { throw new Error('not JSON'); }, sse: () => stream });
    open();
    expect(await answering).toBe(stream);
  });

  it('always answers JSON when the client cannot take a stream', async () => {
    const answer = await answerJsonOrSse(Promise.resolve('done'), undefined, { json: (body) => ({ kind: 'reply', status: 200, headers: {}, body }), sse: () => stream });
    expect(answer).toMatchObject({ kind: 'reply', body: 'done' });
  });
});

describe('asAccepted', () => {
  const reply = { kind: 'reply', status: 200, headers: { 'mcp-protocol-version': '2025-11-25' }, body: { jsonrpc: '2.0', id: 1, result: {} } } as const;

  it('keeps a reply for a client that takes JSON, and a refusal whatever the client takes', () => {
    expect(asAccepted(reply, true)).toBe(reply);
    const refusal = { ...reply, status: 400 };
    expect(asAccepted(refusal, false)).toBe(refusal);
  });

  it('sends a successful reply as one SSE event to a client that refuses JSON, then ends the stream', () => {
    const answer = asAccepted(reply, false);
    expect(answer).toMatchObject({ kind: 'stream', headers: reply.headers });
    const events: unknown[] = [];
    let closed = false;
    (answer as McpHttpStream).start({ sendEvent: (event: unknown) => events.push(event), close: () => (closed = true) } as unknown as SseSink);
    expect(events).toEqual([{ data: reply.body }]);
    expect(closed).toBe(true);
  });
});

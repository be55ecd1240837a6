import { answerJsonOrSse } from './json-or-sse.js';
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

import { McpProtocolError } from '../../errors/mcp-protocol.error.js';
import { CallConnection } from './call-connection.js';
import type { SseSink } from './sse-sink.js';

/** A sink that records what is written to it. */
function recordingSink() {
  const events: Array<{ id?: string; data?: unknown }> = [];
  const listeners: Array<() => void> = [];
  let closed = false;
  const sink: SseSink = {
    sendEvent: (event) => void events.push(event),
    bufferedBytes: 0,
    sendComment: () => undefined,
    drained: async () => undefined,
    drop: () => undefined,
    close: () => {
      if (closed) return;
      closed = true;
      for (const listener of listeners) listener();
    },
    onClose: (listener) => void listeners.push(listener),
  };
  return { sink, events, isClosed: () => closed };
}

describe('CallConnection', () => {
  const response = { jsonrpc: '2.0', id: 3, result: { content: [] } };

  it('writes the response that never went through, unstored, then closes', () => {
    const { sink, events, isClosed } = recordingSink();
    const connection = new CallConnection(3);
    const wrapped = connection.wrap(sink);
    wrapped.sendEvent({ id: 's.1', data: { jsonrpc: '2.0', method: 'notifications/progress', params: {} } });
    connection.finish(response);
    expect(events).toEqual([{ id: 's.1', data: { jsonrpc: '2.0', method: 'notifications/progress', params: {} } }, { data: response }]);
    expect(isClosed()).toBe(true);
  });

  it('never writes the response twice, nor mistakes a request to the client with the same id for it', () => {
    const { sink, events } = recordingSink();
    const connection = new CallConnection(3);
    const wrapped = connection.wrap(sink);
    wrapped.sendEvent({ id: 's.1', data: { jsonrpc: '2.0', id: 3, method: 'elicitation/create', params: {} } });
    wrapped.sendEvent({ id: 's.2', data: response });
    connection.finish(response);
    connection.fail(new McpProtocolError(-32000, 'Retry.'));
    expect(events.map((event) => event.id)).toEqual(['s.1', 's.2']);
  });

  it('answers the request with an error, and writes nothing once the client left', () => {
    const first = recordingSink();
    const failing = new CallConnection('r');
    failing.wrap(first.sink);
    failing.fail(new McpProtocolError(-32000, 'Retry in a moment.'));
    expect(first.events).toEqual([{ data: { jsonrpc: '2.0', id: 'r', error: { code: -32000, message: 'Retry in a moment.' } } }]);

    const second = recordingSink();
    const gone = new CallConnection(1);
    gone.wrap(second.sink);
    second.sink.close();
    gone.finish(response);
    expect(second.events).toEqual([]);
  });
});

import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { McpCancelledError } from '../errors/mcp-cancelled.error.js';
import { requestAbort } from './endpoint-body.js';

/** The parts of a ServerResponse the request abort reads. */
class FakeResponse extends EventEmitter {
  closed = false;
  writableFinished = false;

  close(finished = false): void {
    this.writableFinished = finished;
    this.closed = true;
    this.emit('close');
  }
}

const abortOf = (response: FakeResponse) => requestAbort(response as unknown as ServerResponse);

describe('requestAbort', () => {
  it('aborts when the connection closes before the answer finished', () => {
    const response = new FakeResponse();
    const abort = abortOf(response);
    const signal = abort.signal;
    response.close();
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(McpCancelledError);
  });

  it('gives an aborted signal when first read after the connection closed', () => {
    const response = new FakeResponse();
    const abort = abortOf(response);
    response.close();
    expect(abort.signal.aborted).toBe(true);
    expect(abort.signal.reason).toBeInstanceOf(McpCancelledError);
  });

  it('does not abort for a finished answer, nor once detached from the client', () => {
    const finished = new FakeResponse();
    const first = abortOf(finished);
    finished.close(true);
    expect(first.signal.aborted).toBe(false);

    const streamed = new FakeResponse();
    const second = abortOf(streamed);
    second.detachFromClient();
    streamed.close();
    expect(second.signal.aborted).toBe(false);
  });

  it('aborts with the reason given, whether or not the signal was read before', () => {
    const reason = new McpCancelledError('cancelled');
    const unread = abortOf(new FakeResponse());
    unread.abort(reason);
    expect(unread.signal.reason).toBe(reason);

    const read = abortOf(new FakeResponse());
    const signal = read.signal;
    read.abort(reason);
    expect(signal.reason).toBe(reason);
  });

  it('listens to the response only once its signal is wanted', () => {
    const response = new FakeResponse();
    const abort = abortOf(response);
    expect(response.listenerCount('close')).toBe(0);
    void abort.signal;
    void abort.signal;
    expect(response.listenerCount('close')).toBe(1);
  });
});

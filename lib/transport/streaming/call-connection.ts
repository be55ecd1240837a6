import { McpProtocolError } from '../../errors/mcp-protocol.error.js';
import { isResponseTo } from '../../protocol/json-rpc-response.js';
import type { JsonRpcId } from '../../protocol/json-rpc.types.js';
import type { SseSink } from './sse-sink.js';

/**
 * The client connection of one call stream on the instance running the call: the last resort when the event store
 * fails (Redis unreachable, hung or refusing). The call's response, or an error for its request, is then written to
 * the connection directly, unstored (without an event id: it cannot be resumed), and the connection closes, so no
 * client waits on a stream that will never end. It watches what passes through the connection so the response is
 * never written twice.
 */
export class CallConnection {
  private sink?: SseSink;
  private answered = false;

  constructor(private readonly requestId: JsonRpcId) {}

  /** Wraps the connection's sink for the stream hub; remembers whether the response went through it. */
  wrap(sink: SseSink): SseSink {
    this.sink = sink;
    sink.onClose(() => (this.sink = undefined));
    return {
      sendEvent: (event) => {
        if (isResponseTo(event.data, this.requestId)) this.answered = true;
        sink.sendEvent(event);
      },
      get bufferedBytes() {
        return sink.bufferedBytes;
      },
      sendComment: (text) => sink.sendComment(text),
      drained: () => sink.drained(),
      drop: () => sink.drop(),
      close: () => sink.close(),
      onClose: (listener) => sink.onClose(listener),
    };
  }

  /** Writes `response` unless it already went through, then closes the connection. */
  finish(response: unknown): void {
    const sink = this.sink;
    if (!sink) return;
    if (!this.answered) sink.sendEvent({ data: response });
    this.answered = true;
    sink.close();
  }

  /** Answers the request with `error` (a refusal the client can act on, such as "retry in a moment") and closes. */
  fail(error: McpProtocolError): void {
    this.finish({ jsonrpc: '2.0', id: this.requestId, error: error.toJsonRpc() });
  }
}

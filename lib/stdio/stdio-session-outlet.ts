import { parseEventId } from '../stores/mcp-event.store.js';
import type { SseSink } from '../transport/streaming/sse-sink.js';
import type { StreamHub } from '../transport/streaming/stream-hub.js';
import { standaloneStreamId } from '../transport/streaming/stream-ids.js';
import type { JsonLineWriter } from './json-line.writer.js';

/**
 * Carries the session's server-wide messages to stdout: list changes, updates of subscribed resources, task status
 * notifications and the input requests of tasks. On HTTP they travel on the session's GET stream; over stdio that
 * stream is attached to this sink, which writes each message as a line (priming events and keep-alives carry no
 * message and are skipped).
 */
class StdioStreamSink implements SseSink {
  private closed = false;
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly writer: JsonLineWriter) {}

  readonly bufferedBytes = 0;

  sendEvent(event: { data?: unknown }): void {
    if (!this.closed && event.data !== undefined) this.writer.send(event.data);
  }

  sendComment(): void {}

  drop(): void {
    this.close();
  }

  /** Standard output is written line by line; nothing waits here. */
  drained(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.listeners.splice(0)) listener();
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.listeners.push(listener);
  }
}

/** Attaches the session's standalone stream to stdout; the returned function detaches it and ends the stream. */
export async function openSessionOutlet(hub: StreamHub, sessionId: string, writer: JsonLineWriter): Promise<() => Promise<void>> {
  const streamId = standaloneStreamId(sessionId);
  const sink = new StdioStreamSink(writer);
  const priming = await hub.open(streamId);
  await hub.attach(streamId, sessionId, sink, parseEventId(priming.id)!.sequence - 1);
  return async () => {
    sink.close();
    await hub.end(streamId, sessionId);
  };
}

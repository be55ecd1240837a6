import type { SseSink } from '../streaming/sse-sink.js';

/**
 * The SSE answer of one stateless request, opened only when the handler first sends a notification. Messages
 * sent before the response head is written are buffered, then flushed in order.
 */
export class LazySseStream {
  /** Resolves when the handler first sends something. */
  readonly opened: Promise<void>;
  private markOpened!: () => void;
  private isOpen = false;
  private sink?: SseSink;
  private readonly buffered: unknown[] = [];

  constructor(private readonly frameMeta?: Record<string, unknown>) {
    this.opened = new Promise((resolve) => (this.markOpened = resolve));
  }

  get wasOpened(): boolean {
    return this.isOpen;
  }

  send(message: unknown): void {
    if (!this.isOpen) {
      this.isOpen = true;
      this.markOpened();
    }
    if (this.sink) this.sink.sendEvent({ data: message });
    else this.buffered.push(message);
  }

  attach(sink: SseSink): void {
    this.sink = sink;
    for (const message of this.buffered.splice(0)) sink.sendEvent({ data: message });
  }

  /** Sends the response and ends the stream. */
  finish(response: unknown): void {
    this.sink?.sendEvent({ data: response });
    this.sink?.close();
  }
}

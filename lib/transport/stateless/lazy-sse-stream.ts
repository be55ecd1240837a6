import type { Logger } from '@nestjs/common';
import type { SseSink } from '../streaming/sse-sink.js';
import { dropIfOverBuffered, paceTo, type SinkPacingLimits } from '../streaming/sink-pacing.js';

/**
 * The SSE answer of one stateless request, opened only when the handler first sends a notification. A sender
 * waits until the response is attached, then until its client has taken what was written (backpressure), so a
 * fast handler runs at its reader's pace; a client that stops reading is dropped (`streams.drainTimeoutMs`,
 * `streams.maxBufferedBytes`) and memory stays bounded.
 */
export class LazySseStream {
  /** Resolves when the handler first sends something. */
  readonly opened: Promise<void>;
  private markOpened!: () => void;
  private sending = false;
  private sink?: SseSink;
  /** Made only when a sender has to wait for the response to be attached (most requests never stream). */
  private attached?: Promise<void>;
  private markAttached?: () => void;
  private stopWaiting = false;

  constructor(
    private readonly limits: SinkPacingLimits,
    private readonly logger: Logger,
  ) {
    this.opened = new Promise((resolve) => (this.markOpened = resolve));
  }

  /** Whether the handler sent something, which opened the stream. */
  get isOpen(): boolean {
    return this.sending;
  }

  /** Sends a message; resolves once the client has taken it, or has been dropped for not reading. */
  async send(message: unknown): Promise<void> {
    if (!this.sending) {
      this.sending = true;
      this.markOpened();
      // Should the answer never be written, senders do not wait forever.
      setTimeout(() => this.release(), this.limits.drainTimeoutMs).unref();
    }
    if (!this.sink && !this.stopWaiting) await (this.attached ??= new Promise<void>((resolve) => (this.markAttached = resolve)));
    const sink = this.sink;
    if (!sink || dropIfOverBuffered(sink, this.limits, this.logger)) return;
    sink.sendEvent({ data: message });
    await paceTo(sink, this.limits, this.logger);
  }

  attach(sink: SseSink): void {
    this.sink = sink;
    this.release();
  }

  /** Lets senders waiting for the response go on. */
  private release(): void {
    this.stopWaiting = true;
    this.markAttached?.();
  }

  /** Sends the response and ends the stream. */
  finish(response: unknown): void {
    this.sink?.sendEvent({ data: response });
    this.sink?.close();
  }
}

import type { ServerResponse } from 'node:http';
import type { SseSink } from '../transport/streaming/sse-sink.js';
import { serializeJsonRpcMessage } from '../protocol/json-object-fragment.js';

/** An {@link SseSink} over a Node `ServerResponse` (Express and Fastify both expose one). */
export class ServerResponseSseSink implements SseSink {
  private closed = false;
  private readonly listeners: Array<() => void> = [];
  private draining?: Promise<void>;
  private releaseDrain?: () => void;

  constructor(private readonly response: ServerResponse) {
    response.once('close', () => this.markClosed());
  }

  get bufferedBytes(): number {
    return this.response.writableLength;
  }

  sendEvent(event: { id?: string; retryMs?: number; data?: unknown }): void {
    if (this.closed) return;
    let frame = '';
    if (event.id !== undefined) frame += `id: ${event.id}\n`;
    if (event.retryMs !== undefined) frame += `retry: ${event.retryMs}\n`;
    frame += event.data === undefined ? 'data: \n\n' : `data: ${serializeJsonRpcMessage(event.data)}\n\n`;
    this.response.write(frame);
  }

  sendComment(text: string): void {
    if (!this.closed) this.response.write(`: ${text}\n\n`);
  }

  drained(): Promise<void> {
    if (this.closed || !this.response.writableNeedDrain) return Promise.resolve();
    this.draining ??= new Promise<void>((resolve) => {
      this.response.once('drain', (this.releaseDrain = () => {
        this.response.off('drain', this.releaseDrain!);
        this.draining = this.releaseDrain = undefined;
        resolve();
      }));
    });
    return this.draining;
  }

  drop(): void {
    this.response.destroy();
    this.markClosed();
  }

  close(): void {
    if (!this.closed) this.response.end();
    this.markClosed();
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.listeners.push(listener);
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.releaseDrain?.();
    for (const listener of this.listeners.splice(0)) listener();
  }
}

/** Something that writes Server-Sent Events to one HTTP response. */
export interface SseSink {
  /** Writes one event: `data` is serialized as JSON, or left empty when `undefined` (a priming event). */
  sendEvent(event: { id?: string; retryMs?: number; data?: unknown }): void;
  /** Bytes written but not yet taken by the client. */
  readonly bufferedBytes: number;
  /** Writes an SSE comment, used as a keep-alive. */
  sendComment(text: string): void;
  /**
   * Resolves once the client has taken what was written (the response's `drain`), at once when nothing waits to
   * be sent, or when the stream closes. Producers await it so a fast tool runs at the pace of its reader.
   */
  drained(): Promise<void>;
  /**
   * Cuts the connection at once, discarding what the client has not taken (a client that stopped reading would
   * otherwise keep it in memory).
   */
  drop(): void;
  /** Ends the response. */
  close(): void;
  /** Called once when the client goes away or the stream is closed. */
  onClose(listener: () => void): void;
}

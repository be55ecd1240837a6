/** One stream's wait for its client connection. */
export interface StreamArrival {
  readonly promise: Promise<void>;
  resolve(): void;
  timeout?: NodeJS.Timeout;
}

/**
 * Streams opened here whose client connection is about to be attached: their producers wait for it, so nothing is
 * emitted faster than the client reads, not even before it is attached. A wait ends when the connection arrives,
 * or `timeoutMs` after it began.
 */
export class StreamArrivals {
  private readonly waits = new Map<string, StreamArrival>();

  constructor(private readonly timeoutMs: number) {}

  /** Starts the stream's wait; returns it, for {@link arrived}. */
  expect(streamId: string): StreamArrival {
    let resolve!: () => void;
    const promise = new Promise<void>((done) => (resolve = done));
    const arrival: StreamArrival = { promise, resolve };
    arrival.timeout = setTimeout(() => this.arrived(streamId, arrival), this.timeoutMs).unref();
    this.waits.set(streamId, arrival);
    return arrival;
  }

  /** Resolves when the stream's connection has arrived (at once when none is awaited). */
  whenArrived(streamId: string): Promise<void> | undefined {
    return this.waits.get(streamId)?.promise;
  }

  /** Ends the stream's wait: the one given, or whichever is under way. */
  arrived(streamId: string, arrival = this.waits.get(streamId)): void {
    if (!arrival) return;
    if (this.waits.get(streamId) === arrival) this.waits.delete(streamId);
    clearTimeout(arrival.timeout);
    arrival.resolve();
  }
}

import type { Logger } from '@nestjs/common';
import type { SseSink } from './sse-sink.js';

/** The limits that decide when a stream's client counts as no longer reading. */
export interface SinkPacingLimits {
  /** Bytes a client may leave unread before it is dropped (`streams.maxBufferedBytes`). */
  readonly maxBufferedBytes: number;
  /** Milliseconds a producer waits for the client to take what was written (`streams.drainTimeoutMs`). */
  readonly drainTimeoutMs: number;
}

/**
 * Waits until the client has taken what was written to `sink`, so a producer runs at the pace of its reader.
 * A client that takes nothing for `drainTimeoutMs` has stopped reading: its connection is closed (the client can
 * resume with `Last-Event-ID` where the stream is resumable) and the producer goes on.
 */
export async function paceTo(sink: SseSink, limits: SinkPacingLimits, logger: Logger): Promise<void> {
  if (sink.bufferedBytes === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), limits.drainTimeoutMs);
    timer.unref();
  });
  const gaveUp = await Promise.race([sink.drained().then(() => false), stalled]);
  clearTimeout(timer);
  if (gaveUp) {
    logger.warn(`Dropping a stream whose client took nothing for ${limits.drainTimeoutMs} ms.`);
    sink.drop();
  }
}

/**
 * Drops `sink` when its client left more than `maxBufferedBytes` unread; call it before each write, so one event
 * larger than the limit still reaches a client that reads. Writers that do not wait for the client (broadcasts,
 * keep-alives, several producers on one stream) cannot grow memory past the limit and one event. Returns whether
 * the sink was dropped.
 */
export function dropIfOverBuffered(sink: SseSink, limits: SinkPacingLimits, logger: Logger): boolean {
  if (sink.bufferedBytes <= limits.maxBufferedBytes) return false;
  logger.warn('Dropping a stream whose client does not keep up with it.');
  sink.drop();
  return true;
}

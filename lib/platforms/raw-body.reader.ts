import type { IncomingMessage } from 'node:http';
import type { McpRequestBody } from '../endpoint/mcp-endpoint-exchange.js';

/** Thrown when a body is larger than the limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
  }
}

/** Thrown when a body does not arrive whole within the read timeout. */
export class BodyReadTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The request body did not arrive within ${timeoutMs} ms.`);
  }
}

/** How a body is read. */
export interface BodyReadLimits {
  /** The largest body kept, in bytes (`maxBodyBytes`). */
  readonly limit: number;
  /** Milliseconds the whole body may take to arrive (`bodyReadTimeoutMs`). */
  readonly timeoutMs: number;
}

/**
 * How much of a refused body is read and thrown away before answering, as a multiple of the limit. A client that
 * is still uploading when the answer comes and the connection closes sees a broken pipe instead of the 413, so
 * the rest of a moderately oversized body is discarded first; beyond this bound the connection is cut.
 */
const DISCARD_FACTOR = 4;

/**
 * Reads a request body as bytes, refusing one over `limit` bytes (checked against `Content-Length` first, then
 * while reading, so an oversized body is never buffered whole) and one that takes longer than `timeoutMs` to
 * arrive. A refused body is read to its end and discarded (up to four times the limit) before the promise
 * rejects, so the client has finished its upload when the refusal reaches it.
 */
export function readRawBody(request: IncomingMessage, limits: BodyReadLimits): Promise<Buffer> {
  const discardBound = limits.limit * DISCARD_FACTOR;
  const declared = Number(request.headers['content-length']);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refusal: Error | undefined = Number.isFinite(declared) && declared > limits.limit ? new BodyTooLargeError(limits.limit) : undefined;
    const finish = (error?: Error) => {
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      if (error) {
        chunks.length = 0;
        reject(error);
      } else {
        resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > discardBound) {
        finish(refusal ?? new BodyTooLargeError(limits.limit));
        return;
      }
      if (refusal) return;
      if (size > limits.limit) {
        refusal = new BodyTooLargeError(limits.limit);
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(refusal);
    const onError = (error: Error) => finish(error);
    // A body already known to be too large stays a 413 even when discarding the rest of it takes too long.
    const timer = setTimeout(() => finish(refusal ?? new BodyReadTimeoutError(limits.timeoutMs)), limits.timeoutMs);
    timer.unref();
    if (refusal && declared > discardBound) {
      finish(refusal);
      return;
    }
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', onError);
  });
}

/**
 * Reads a request's body as the endpoint is told about it: `none` when empty, the raw bytes, `encoded` when it
 * came with a content coding (read and discarded: the endpoint answers 415 rather than parse compressed bytes), or
 * `too-large` / `timed-out` when reading failed for a reason the endpoint answers (413, 408); other failures reject.
 */
export async function readEndpointBody(request: IncomingMessage, limits: BodyReadLimits): Promise<McpRequestBody> {
  try {
    const bytes = await readRawBody(request, limits);
    if (bytes.length === 0) return { kind: 'none' };
    const coding = contentCodingOf(request.headers['content-encoding']);
    return coding === undefined ? { kind: 'raw', data: bytes } : { kind: 'encoded', coding };
  } catch (error) {
    return bodyOfFailure(error);
  }
}

/** The content coding a `Content-Encoding` header applies, or `undefined` for none (absent, empty or `identity`). */
function contentCodingOf(header: string | undefined): string | undefined {
  const coding = header?.trim();
  return !coding || coding.toLowerCase() === 'identity' ? undefined : coding;
}

/** The body the endpoint is told about when reading failed for a reason it answers (413, 408); rethrows others. */
function bodyOfFailure(error: unknown): McpRequestBody {
  if (error instanceof BodyTooLargeError) return { kind: 'too-large' };
  if (error instanceof BodyReadTimeoutError) return { kind: 'timed-out' };
  throw error;
}

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** A complete HTTP response, read as text. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON. */
  json(): any;
}

/** A raw request. POSTs default to JSON with the Accept header MCP clients send. */
export interface RawRequestInit {
  method?: string;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  body?: unknown;
  /** Sends the body in several chunks without a Content-Length. */
  chunked?: boolean;
}

const MCP_POST_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

function bodyOf(body: unknown): Buffer | undefined {
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * Sends one HTTP request on its own connection (no keep-alive pool, so a server that closes the connection
 * cannot affect the next request) and reads the whole response.
 */
export function rawRequest(url: URL, init: RawRequestInit = {}): Promise<RawResponse> {
  const method = init.method ?? 'POST';
  const body = bodyOf(init.body);
  const headers: Record<string, string> = { ...(method === 'POST' ? MCP_POST_HEADERS : {}), ...init.headers };
  if (body && !init.chunked) headers['content-length'] ??= String(body.length);
  return new Promise((resolve, reject) => {
    let settled = false;
    const request = httpRequest(url, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        settled = true;
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json: () => JSON.parse(text) });
      });
      response.on('error', (error) => settled || reject(error));
    });
    // The server may answer (413) and close before it read the whole body; only a failure before that counts.
    request.on('error', (error) => settled || reject(error));
    if (body && init.chunked) {
      const size = Math.ceil(body.length / 4);
      for (let offset = 0; offset < body.length; offset += size) request.write(body.subarray(offset, offset + size));
      request.end();
    } else {
      request.end(body);
    }
  });
}

/** An open response whose head arrived (an SSE stream); `close()` drops the connection. */
export interface OpenStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** The first chunk of the body, when one arrives before the stream is closed. */
  firstChunk(): Promise<string>;
  close(): void;
}

/** Sends a GET and resolves as soon as the response head arrives, leaving the body (a stream) open. */
export function openStream(url: URL, headers: Record<string, string>): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'GET', headers, agent: false }, (response) => {
      const first = new Promise<string>((resolveChunk) => {
        response.once('data', (chunk: Buffer) => resolveChunk(chunk.toString('utf8')));
        response.once('end', () => resolveChunk(''));
        response.once('close', () => resolveChunk(''));
      });
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        firstChunk: () => first,
        close: () => request.destroy(),
      });
    });
    request.on('error', reject);
    request.end();
  });
}

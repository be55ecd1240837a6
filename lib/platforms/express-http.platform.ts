import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpEndpointExchange, McpRequestBody } from '../endpoint/mcp-endpoint-exchange.js';
import type { McpHttpAnswer } from '../transport/mcp-http.types.js';
import { closeSignal, restoreBodyHeaders, takeBody } from './endpoint-body.js';
import type { McpHttpPlatform } from './mcp-http.platform.js';
import { writeNodeAnswer } from './node-answer.writer.js';
import { BodyTooLargeError, readRawBody } from './raw-body.reader.js';

type ExpressRequest = IncomingMessage & { path?: string; body?: unknown; rawBody?: Buffer };
type Next = (error?: unknown) => void;

/** What the Express platform needs to know of the app. */
export interface ExpressPlatformSettings {
  readonly maxBodyBytes: number;
  /** The endpoint's full path (global prefix included), computed once routes are known. */
  readonly endpointPath: () => string;
}

/**
 * The Express platform. Express registers its JSON body parser for every route; so that MCP messages keep their
 * raw bytes (for `maxBodyBytes` and -32700), a small middleware added when the adapter is created, before Nest
 * adds its body parsers, takes the body of POSTs to the endpoint path. Express's own router still decides which
 * requests reach the endpoint; a request it routes here by a spelling the middleware did not take (a router
 * module prefix, say) has its body read here, or, when a body parser already consumed it, is rebuilt from what
 * the parser kept (`rawBody`, else the parsed value). The gate in the endpoint core runs for all of them.
 */
export class ExpressHttpPlatform implements McpHttpPlatform {
  readonly type = 'express';

  constructor(private readonly settings: ExpressPlatformSettings) {}

  /** The middleware that takes endpoint bodies before Express's body parsers. */
  bodyTaker(): (request: ExpressRequest, response: ServerResponse, next: Next) => void {
    return (request, _response, next) => {
      if (request.method !== 'POST' || !this.isEndpointPath(request)) {
        next();
        return;
      }
      takeBody(request, this.settings.maxBodyBytes).then(() => next(), next);
    };
  }

  async exchangeOf(request: unknown, response: unknown): Promise<McpEndpointExchange> {
    const incoming = request as ExpressRequest;
    const taken = restoreBodyHeaders(incoming);
    return {
      method: (incoming.method ?? 'GET').toUpperCase(),
      headers: incoming.headers,
      body: taken?.body ?? (incoming.method === 'POST' ? await this.bodyOf(incoming) : { kind: 'none' }),
      localAddress: incoming.socket?.localAddress,
      remoteAddress: incoming.socket?.remoteAddress,
      signal: closeSignal(response as ServerResponse),
      platformRequest: incoming,
    };
  }

  write(response: unknown, answer: McpHttpAnswer): void {
    writeNodeAnswer(response as ServerResponse, answer);
  }

  private async bodyOf(request: ExpressRequest): Promise<McpRequestBody> {
    if (!request.readableEnded) {
      try {
        const bytes = await readRawBody(request, this.settings.maxBodyBytes);
        return bytes.length === 0 ? { kind: 'none' } : { kind: 'raw', data: bytes };
      } catch (error) {
        if (error instanceof BodyTooLargeError) return { kind: 'too-large' };
        throw error;
      }
    }
    const data = Buffer.isBuffer(request.rawBody)
      ? request.rawBody
      : request.body === undefined
        ? undefined
        : Buffer.from(JSON.stringify(request.body));
    if (data === undefined) return { kind: 'none' };
    return data.length > this.settings.maxBodyBytes ? { kind: 'too-large' } : { kind: 'raw', data };
  }

  private isEndpointPath(request: ExpressRequest): boolean {
    const path = (request.path ?? request.url ?? '').split('?', 1)[0]!;
    return normalize(path) === normalize(this.settings.endpointPath());
  }
}

/** Express routes case-insensitively and ignores a trailing slash unless told otherwise; compare the same way. */
function normalize(path: string): string {
  return (path.replace(/\/+$/, '') || '/').toLowerCase();
}

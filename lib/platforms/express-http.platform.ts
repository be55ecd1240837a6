import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpEndpointExchange, McpRequestBody } from '../endpoint/mcp-endpoint-exchange.js';
import type { McpHttpAnswer } from '../transport/mcp-http.types.js';
import { closeSignal, isTls, restoreBodyHeaders, takeBody } from './endpoint-body.js';
import type { McpHttpPlatform, MetadataRequest } from './mcp-http.platform.js';
import { PROTECTED_RESOURCE_WELL_KNOWN } from '../auth/protected-resource.metadata.js';
import { writeNodeAnswer } from './node-answer.writer.js';
import { BodyTooLargeError, readRawBody } from './raw-body.reader.js';

type ExpressRequest = IncomingMessage & { path?: string; originalUrl?: string; body?: unknown; rawBody?: Buffer };
type Next = (error?: unknown) => void;

/** What the Express platform needs to know of the app. */
export interface ExpressPlatformSettings {
  readonly maxBodyBytes: number;
  /** The endpoint's own path (the `path` option), without the global prefix or router module paths. */
  readonly endpointPath: string;
}

/**
 * The Express platform. Express registers its JSON body parser for every route; so that MCP messages keep their
 * raw bytes (for `maxBodyBytes` and -32700), a small middleware added when the adapter is created, before Nest
 * adds its body parsers, takes the body of POSTs whose path ends with the endpoint's path (whatever prefix or
 * router module path comes before it, in any case, with or without a trailing slash). It also leaves the parsed
 * JSON in `request.body`, as the JSON body parser would have, for an app route that happens to end the same way.
 * Express's own router still decides which requests reach the endpoint; one that arrives with its body unread
 * has it read here, or, when a body parser already consumed it, rebuilt from what the parser kept (`rawBody`,
 * else the parsed value). The gate in the endpoint core runs for all of them.
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
      takeBody(request, this.settings.maxBodyBytes).then((taken) => {
        // A body over the limit is still being drained: its headers stay hidden so no parser starts reading it.
        if (taken.body.kind !== 'too-large') request.body = parsedOrUndefined(restoreBodyHeaders(request)?.body);
        next();
      }, next);
    };
  }

  /** The middleware that answers GETs of the protected resource metadata documents (see `EndpointAuth.metadata`). */
  metadataServer(answer: (request: MetadataRequest) => McpHttpAnswer | undefined) {
    return (request: ExpressRequest, response: ServerResponse, next: Next) => {
      const url = request.originalUrl ?? request.url ?? '';
      const found = request.method === 'GET' && url.startsWith(PROTECTED_RESOURCE_WELL_KNOWN)
        ? answer({ headers: request.headers, url, secure: isTls(request) })
        : undefined;
      if (found) writeNodeAnswer(response, found);
      else next();
    };
  }

  async exchangeOf(request: unknown, response: unknown): Promise<McpEndpointExchange> {
    const incoming = request as ExpressRequest;
    const taken = restoreBodyHeaders(incoming);
    return {
      method: (incoming.method ?? 'GET').toUpperCase(),
      url: incoming.originalUrl ?? incoming.url,
      secure: isTls(incoming),
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
    const path = normalize((request.path ?? request.url ?? '').split('?', 1)[0]!);
    const endpoint = normalize(`/${this.settings.endpointPath}`);
    return path === endpoint || path.endsWith(endpoint);
  }
}

/** Express routes case-insensitively and ignores a trailing slash unless told otherwise; compare the same way. */
function normalize(path: string): string {
  return (path.replace(/\/+$/, '').replace(/\/{2,}/g, '/') || '/').toLowerCase();
}

function parsedOrUndefined(body: McpRequestBody | undefined): unknown {
  if (body?.kind !== 'raw') return undefined;
  try {
    return JSON.parse(typeof body.data === 'string' ? body.data : Buffer.from(body.data).toString('utf8'));
  } catch {
    return undefined;
  }
}

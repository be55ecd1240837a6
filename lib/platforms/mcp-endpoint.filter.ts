import { Catch, HttpException, HttpStatus, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { refusalReply } from '../endpoint/auth-challenge.js';
import { EndpointAuth } from '../endpoint/endpoint-auth.js';
import { exposeMcpHeaders } from '../endpoint/exposed-headers.js';
import type { McpHttpReply } from '../transport/mcp-http.types.js';
import { McpPlatformHost } from './mcp-platform.host.js';

type PlatformRequest = {
  headers: Record<string, string | string[] | undefined>;
  originalUrl?: string;
  url?: string;
  raw?: { url?: string };
  socket?: { encrypted?: boolean };
};
type PlatformResponse = { getHeader?(name: string): unknown; getHeaders?(): Record<string, unknown> };

/**
 * Answers what the endpoint's guards (global ones and the module's `guards` option) throw the MCP way, never
 * with Nest's plain body: `UnauthorizedException` becomes 401 with the `WWW-Authenticate` challenge,
 * `ForbiddenException` 403, a throttler's 429 keeps its `Retry-After`; every body is a JSON-RPC error.
 */
@Catch()
@Injectable()
export class McpEndpointExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('McpEndpoint');

  constructor(
    private readonly host: McpPlatformHost,
    private readonly auth: EndpointAuth,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<PlatformRequest>();
    const response = http.getResponse<PlatformResponse>();
    this.host.write(response, exposeMcpHeaders(this.answerFor(exception, request, response), request.headers));
  }

  private answerFor(exception: unknown, request: PlatformRequest, response: PlatformResponse): McpHttpReply {
    if (!(exception instanceof HttpException)) {
      this.logger.error('The MCP endpoint failed', exception instanceof Error ? exception.stack : String(exception));
      return refusalReply(500, 'Internal error.');
    }
    const status = exception.getStatus();
    const message = messageOf(exception);
    if (status === HttpStatus.UNAUTHORIZED) {
      const url = request.originalUrl ?? request.raw?.url ?? request.url;
      return this.auth.unauthorized({ headers: request.headers, url, secure: request.socket?.encrypted === true }, undefined, message);
    }
    if (status === HttpStatus.TOO_MANY_REQUESTS) {
      return refusalReply(status, message, { 'retry-after': retryAfterOf(response) ?? '1' });
    }
    return refusalReply(status, message);
  }
}

function messageOf(exception: HttpException): string {
  const body = exception.getResponse();
  const text = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  const message = Array.isArray(text) ? text.join('; ') : typeof text === 'string' ? text : exception.message;
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

/** The `Retry-After` a throttler set on the response (named throttlers suffix the header with their name). */
function retryAfterOf(response: PlatformResponse): string | undefined {
  const headers = response.getHeaders?.() ?? (response as { raw?: PlatformResponse }).raw?.getHeaders?.() ?? {};
  const name = Object.keys(headers).find((header) => header.toLowerCase().startsWith('retry-after'));
  return name === undefined ? undefined : String(headers[name]);
}

import { CapturedHttpResponse } from './captured-http-response.js';

/**
 * The captured response as a Fastify route sees its reply: `reply.code().send()`, `reply.status()`,
 * `reply.header()`, `reply.headers()`, `reply.type()`, `reply.redirect()`, `reply.sent`, and `reply.raw` (the
 * same captured object) all work and are captured.
 */
export class CapturedFastifyReply extends CapturedHttpResponse {
  code(status: number): this {
    return this.status(status);
  }

  headers(values: Record<string, string | number | readonly string[]>): this {
    for (const [name, value] of Object.entries(values)) this.setHeader(name, value);
    return this;
  }

  /** `reply.redirect(url, code?)` (Fastify 5). */
  redirect(url: string, code = 302): this {
    return this.redirectTo(url, code);
  }

  /** Whether the reply was sent. */
  get sent(): boolean {
    return this.written;
  }

  /** Fastify's underlying Node response: here, the captured response itself. */
  get raw(): this {
    return this;
  }

  /** Nothing to take over: the captured reply never reaches a socket. */
  hijack(): this {
    return this;
  }

  serialize(payload: unknown): string {
    return JSON.stringify(payload);
  }
}

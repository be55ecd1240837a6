import { EventEmitter } from 'node:events';

/**
 * The response object a route sees when it runs as an MCP handler: the Node-response part both platforms share
 * (status, headers, `write`/`end`). {@link CapturedExpressResponse} and {@link CapturedFastifyReply} add each
 * platform's own methods, so guards, interceptors, exception filters and `@Res()` handlers written for either
 * platform can write to it; whatever they write is captured and becomes the MCP result instead of going to the
 * socket.
 */
export class CapturedHttpResponse extends EventEmitter {
  statusCode = 200;
  statusMessage = '';
  headersSent = false;
  writableEnded = false;
  /** The body written with `json`, `send` or `end`, if any. */
  body: unknown = undefined;
  /** Where a redirect written by the pipeline points, if it wrote one. */
  redirectUrl?: string;
  private headerMap?: Map<string, string | number | readonly string[]>;
  private chunks?: Buffer[];

  /** The headers set so far; allocated on first use, as most routes never set one. */
  protected get headerValues(): Map<string, string | number | readonly string[]> {
    return (this.headerMap ??= new Map());
  }

  /** Whether the pipeline wrote a response (a filter handled an error, or a `@Res()` handler answered). */
  get written(): boolean {
    return this.writableEnded;
  }

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  sendStatus(code: number): this {
    this.statusCode = code;
    return this.end();
  }

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.headerValues.set(name.toLowerCase(), value);
    return this;
  }

  header(name: string, value: string | number | readonly string[]): this {
    return this.setHeader(name, value);
  }

  set(name: string, value: string | number | readonly string[]): this {
    return this.setHeader(name, value);
  }

  getHeader(name: string): string | number | readonly string[] | undefined {
    return this.headerValues.get(name.toLowerCase());
  }

  get(name: string): string | number | readonly string[] | undefined {
    return this.getHeader(name);
  }

  getHeaders(): Record<string, string | number | readonly string[]> {
    return Object.fromEntries(this.headerValues);
  }

  hasHeader(name: string): boolean {
    return this.headerValues.has(name.toLowerCase());
  }

  removeHeader(name: string): void {
    this.headerValues.delete(name.toLowerCase());
  }

  type(contentType: string): this {
    return this.setHeader('content-type', contentType);
  }

  json(body: unknown): this {
    this.body = body;
    return this.finish();
  }

  send(body?: unknown): this {
    this.body = body;
    return this.finish();
  }

  write(chunk: string | Buffer): boolean {
    (this.chunks ??= []).push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    return true;
  }

  end(chunk?: string | Buffer): this {
    if (chunk !== undefined) {
      this.write(chunk);
    }
    if (this.body === undefined && this.chunks && this.chunks.length > 0) {
      this.body = Buffer.concat(this.chunks).toString('utf8');
    }
    return this.finish();
  }

  /** Records a redirect (status and `Location`) and ends the response. */
  protected redirectTo(url: string, status: number): this {
    this.redirectUrl = url;
    this.statusCode = status;
    this.setHeader('location', url);
    return this.finish();
  }

  protected finish(): this {
    this.headersSent = true;
    this.writableEnded = true;
    this.emit('finish');
    return this;
  }
}

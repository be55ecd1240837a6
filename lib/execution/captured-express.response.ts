import { CapturedHttpResponse } from './captured-http-response.js';

/** Cookie options a route may pass to `res.cookie()`; only what shapes the `Set-Cookie` text is read. */
interface CookieOptions {
  maxAge?: number;
  expires?: Date;
  path?: string;
  domain?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: boolean | 'lax' | 'strict' | 'none';
}

/**
 * The captured response as an Express route sees it: `res.status().json()`, `res.set()`/`res.header()`,
 * `res.append()`, `res.cookie()`, `res.attachment()`, `res.redirect()`, `res.location()`, `res.send()`,
 * `res.sendStatus()` and `res.end()` all work and are captured.
 */
export class CapturedExpressResponse extends CapturedHttpResponse {
  /** Express's per-response locals. */
  readonly locals: Record<string, unknown> = {};

  append(name: string, value: string | readonly string[]): this {
    const current = this.getHeader(name);
    const values = [...(current === undefined ? [] : Array.isArray(current) ? current : [String(current)]), ...[value].flat()];
    return this.setHeader(name, values);
  }

  cookie(name: string, value: unknown, options: CookieOptions = {}): this {
    const text = typeof value === 'string' ? value : `j:${JSON.stringify(value)}`;
    const parts = [`${name}=${encodeURIComponent(text)}`, `Path=${options.path ?? '/'}`];
    if (options.domain) parts.push(`Domain=${options.domain}`);
    if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.floor(options.maxAge / 1000)}`);
    if (options.expires) parts.push(`Expires=${options.expires.toUTCString()}`);
    if (options.httpOnly) parts.push('HttpOnly');
    if (options.secure) parts.push('Secure');
    if (options.sameSite) parts.push(`SameSite=${options.sameSite === true ? 'Strict' : options.sameSite}`);
    return this.append('set-cookie', parts.join('; '));
  }

  clearCookie(name: string, options: CookieOptions = {}): this {
    return this.cookie(name, '', { ...options, expires: new Date(0) });
  }

  attachment(filename?: string): this {
    return this.setHeader('content-disposition', filename ? `attachment; filename="${filename.replace(/"/g, '')}"` : 'attachment');
  }

  location(url: string): this {
    return this.setHeader('location', url);
  }

  /** `res.redirect(url)` or `res.redirect(status, url)`. */
  redirect(statusOrUrl: number | string, url?: string): this {
    return typeof statusOrUrl === 'number' ? this.redirectTo(url ?? '/', statusOrUrl) : this.redirectTo(statusOrUrl, 302);
  }
}

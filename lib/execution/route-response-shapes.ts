import { isObservable, toArray, from, type Observable } from 'rxjs';
import type { McpCallToolResult } from '../protocol/mcp-types.js';

/** What `@Redirect()` stores on a route. */
export interface RedirectMetadata {
  readonly url: string;
  readonly statusCode?: number;
}

/** One event of an `@Sse()` route (Nest's `MessageEvent`). */
interface SseEvent {
  readonly data: unknown;
  readonly id?: string;
  readonly type?: string;
}

/**
 * A redirecting route answers its URL: the target as text, and `{ url, statusCode }` as structured content. A
 * route that returns `{ url, statusCode }` overrides its `@Redirect()` target, as it does over HTTP.
 */
export function toRedirectResult(metadata: RedirectMetadata, value?: unknown): McpCallToolResult {
  const override = value && typeof value === 'object' ? (value as Partial<RedirectMetadata>) : {};
  const url = typeof override.url === 'string' ? override.url : metadata.url;
  const statusCode = typeof override.statusCode === 'number' ? override.statusCode : (metadata.statusCode ?? 302);
  return { content: [{ type: 'text', text: url }], structuredContent: { url, statusCode } };
}

/**
 * Wraps an `@Sse()` route so that its event stream is collected whole: the pipeline (interceptors included) then
 * sees one value, the list of every event, where over HTTP it would see each event. The wrapper keeps the
 * route's metadata (guards, interceptors, pipes and filters bound to the method still apply).
 */
export function collectSseEvents(method: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  const collecting = function (this: unknown, ...args: unknown[]): Observable<unknown[]> {
    const produced = method.apply(this, args);
    return (isObservable(produced) ? produced : from(Promise.resolve(produced))).pipe(toArray());
  };
  for (const key of Reflect.getMetadataKeys(method)) {
    Reflect.defineMetadata(key, Reflect.getMetadata(key, method), collecting);
  }
  return collecting;
}

/** Every event of an `@Sse()` route, in order: one text block per event, and the events as structured content. */
export function toSseResult(value: unknown): McpCallToolResult {
  const events = (Array.isArray(value) ? value : [value]).map(eventOf);
  return {
    content: events.map((event) => ({ type: 'text', text: typeof event.data === 'string' ? event.data : JSON.stringify(event.data) })),
    structuredContent: { events },
  };
}

function eventOf(value: unknown): SseEvent {
  if (value && typeof value === 'object' && 'data' in value) return value as SseEvent;
  return { data: value };
}

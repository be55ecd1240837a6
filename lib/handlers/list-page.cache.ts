import { JsonObjectFragment } from '../protocol/json-object-fragment.js';
import type { McpWire } from '../codecs/mcp-wire.codec.js';
import { cursorOffset, pageAt, type Page } from './pagination.js';

/** What a cached page depends on, besides the registry revision. */
export interface ListPageKey {
  /** The wire the page is served on. */
  readonly wire: McpWire;
  /** The request's `cursor` (validated here; a cursor the server did not issue gets -32602). */
  readonly cursor: unknown;
  /**
   * Which class of caller sees this list, for lists filtered per caller: callers of one class see the same pages.
   * @default '' (every caller sees the same list)
   */
  readonly callerClass?: string;
}

/**
 * Serialized pages of one list (`tools/list`, `prompts/list`, …), kept until the registry revision changes: a
 * repeated request costs a map lookup and the page is spliced into the response as text. Only pages that start
 * where the server's own cursors point (multiples of the page size, within the list) are kept, so hostile cursors
 * cannot grow the cache beyond one entry per page, wire and caller class.
 */
export class ListPageCache<T> {
  private revision = Number.NaN;
  private readonly pages = new Map<string, JsonObjectFragment>();

  constructor(
    /** The page size (`pageSize` of the options). */
    private readonly pageSize: number,
    /** Builds the wire form of a page (`{ tools: [...], nextCursor }`). */
    private readonly publish: (page: Page<T>, key: ListPageKey) => Record<string, unknown>,
  ) {}

  /** The serialized page for `key` at registry `revision`; `items` is read only when the page is not cached. */
  page(revision: number, key: ListPageKey, items: () => readonly T[]): JsonObjectFragment {
    const offset = cursorOffset(key.cursor);
    if (revision !== this.revision) {
      this.pages.clear();
      this.revision = revision;
    }
    const cacheKey = `${key.wire}\u0000${key.callerClass ?? ''}\u0000${offset}`;
    const cached = this.pages.get(cacheKey);
    if (cached) return cached;
    const all = items();
    const fragment = JsonObjectFragment.of(this.publish(pageAt(all, offset, this.pageSize), key));
    if (offset % this.pageSize === 0 && offset <= all.length) this.pages.set(cacheKey, fragment);
    return fragment;
  }

  /** The wire form of the page at `key.cursor` of `items`, built every time (for a list no two callers share). */
  build(items: readonly T[], key: ListPageKey): Record<string, unknown> {
    return this.publish(pageAt(items, cursorOffset(key.cursor), this.pageSize), key);
  }
}

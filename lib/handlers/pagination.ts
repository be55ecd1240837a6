import { McpProtocolError } from '../errors/mcp-protocol.error.js';

/** One page of a list, with the cursor of the next page when there is one. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * Cuts a list into pages. The cursor is opaque to clients (base64url of the offset); a cursor this server did not
 * issue gets -32602.
 */
export function paginate<T>(items: readonly T[], cursor: unknown, pageSize: number): Page<T> {
  return pageAt(items, cursorOffset(cursor), pageSize);
}

/** The page that starts at `offset`. */
export function pageAt<T>(items: readonly T[], offset: number, pageSize: number): Page<T> {
  const end = offset + pageSize;
  return end < items.length
    ? { items: items.slice(offset, end), nextCursor: Buffer.from(`o:${end}`).toString('base64url') }
    : { items: items.slice(offset) };
}

/** The offset a cursor stands for (0 without one); -32602 for a cursor this server did not issue. */
export function cursorOffset(cursor: unknown): number {
  if (cursor === undefined) return 0;
  const match = typeof cursor === 'string' ? /^o:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString()) : null;
  if (!match) {
    throw McpProtocolError.invalidParams(
      'The cursor is not one this server issued. Pass the nextCursor of a previous page, or omit it for the first page.',
    );
  }
  return Number(match[1]);
}

/** The `nextCursor` member of a list result: present only when there is a next page. */
export function nextCursorOf(page: { readonly nextCursor?: string }): { nextCursor?: string } {
  return page.nextCursor ? { nextCursor: page.nextCursor } : {};
}

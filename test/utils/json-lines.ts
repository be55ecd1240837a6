import type { Readable } from 'node:stream';

/** A JSON-RPC message as read back from a stdio server. */
export type Line = Record<string, unknown> & { id?: unknown; method?: string; result?: Record<string, unknown>; error?: { code: number; message: string } };

/**
 * Reads newline-delimited JSON from a stream (a stdio server's stdout), keeping the raw text of every line so a
 * test can check that nothing but JSON-RPC was written, and lets a test wait for the next line that matches.
 */
export class JsonLines {
  /** Every line, as written. */
  readonly raw: string[] = [];
  private readonly parsed: Line[] = [];
  private buffer = '';
  private readonly waiters: Array<{ match: (line: Line) => boolean; resolve: (line: Line) => void }> = [];

  constructor(stream: Readable) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      this.buffer += chunk;
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) !== -1) {
        const text = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        this.raw.push(text);
        let line: Line;
        try {
          line = JSON.parse(text) as Line;
        } catch {
          line = { unparsable: text };
        }
        this.parsed.push(line);
        for (const waiter of [...this.waiters]) {
          if (waiter.match(line)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve(line);
          }
        }
      }
    });
  }

  /** Every line read so far, parsed. */
  get all(): readonly Line[] {
    return this.parsed;
  }

  /** Text written after the last newline (should stay empty). */
  get unterminated(): string {
    return this.buffer;
  }

  /** The first line (already read or still to come) that matches. */
  next(match: (line: Line) => boolean): Promise<Line> {
    const found = this.parsed.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** The response to the request with this id. */
  response(id: unknown): Promise<Line> {
    return this.next((line) => line.id === id && line.method === undefined);
  }
}

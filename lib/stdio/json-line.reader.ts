/** What the reader hands on: one complete line, or the news that a line was too long and was dropped. */
export type JsonLineEvent = { kind: 'line'; text: string } | { kind: 'oversized'; limit: number };

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into newline-delimited lines (the MCP stdio framing), holding at most `maxLineBytes` of an
 * unfinished line. A longer line is reported once as `oversized` and skipped up to its newline, so a hostile peer
 * cannot make the server buffer without bound, and the next line is read normally.
 */
export class JsonLineReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private discarding = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly emit: (event: JsonLineEvent) => void,
  ) {}

  /** Feeds the next chunk of input. */
  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(NEWLINE, start);
      const piece = chunk.subarray(start, end === -1 ? chunk.length : end);
      this.append(piece);
      if (end === -1) return;
      this.finishLine();
      start = end + 1;
    }
  }

  /** The input ended: a last line without a newline still counts. */
  end(): void {
    if (this.size > 0 && !this.discarding) this.finishLine();
    this.reset();
  }

  private append(piece: Buffer): void {
    if (this.discarding || piece.length === 0) return;
    if (this.size + piece.length > this.maxLineBytes) {
      this.reset();
      this.discarding = true;
      this.emit({ kind: 'oversized', limit: this.maxLineBytes });
      return;
    }
    this.chunks.push(piece);
    this.size += piece.length;
  }

  private finishLine(): void {
    const wasDiscarding = this.discarding;
    const text = Buffer.concat(this.chunks, this.size).toString('utf8');
    this.reset();
    if (wasDiscarding) return;
    const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (trimmed.trim() !== '') this.emit({ kind: 'line', text: trimmed });
  }

  private reset(): void {
    this.chunks = [];
    this.size = 0;
    this.discarding = false;
  }
}

/** The media types an MCP POST can be answered with. */
const ANSWER_TYPES = ['application/json', 'text/event-stream'] as const;

/**
 * Whether an `Accept` header admits at least one way the endpoint answers a POST (`application/json` or
 * `text/event-stream`, directly or through `*\/*`, `application/*`, `text/*`). A range given `q=0` is refused
 * by the client and does not count. A missing header accepts anything (RFC 9110).
 */
export function acceptsAnAnswer(accept: string | undefined): boolean {
  if (accept === undefined) return true;
  // A client sends the same header on every request: the last answer is kept rather than parsing it again.
  if (accept !== lastAccept) {
    lastAccept = accept;
    lastAnswer = accept.trim() === '' || admitsAnAnswer(accept);
  }
  return lastAnswer;
}

let lastAccept: string | undefined;
let lastAnswer = true;

function admitsAnAnswer(accept: string): boolean {
  const ranges = accept.split(',').map(parseRange).filter((range) => range.quality > 0);
  return ANSWER_TYPES.some((type) => ranges.some((range) => matches(range.type, type)));
}

function parseRange(part: string): { type: string; quality: number } {
  const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
  const q = parameters.find((parameter) => parameter.startsWith('q='));
  const quality = q === undefined ? 1 : Number(q.slice(2));
  return { type, quality: Number.isFinite(quality) ? quality : 0 };
}

function matches(range: string, type: string): boolean {
  if (range === '*/*' || range === type) return true;
  return range.endsWith('/*') && type.startsWith(range.slice(0, -1));
}

/** The ways of answering a POST that a client's `Accept` header admits. */
export interface AcceptedAnswers {
  /** `application/json`, directly or through `application/*` or `*\/*`; a missing or blank header admits it. */
  readonly json: boolean;
  /**
   * `text/event-stream`, directly or through `text/*` (not through `*\/*` alone, which plain HTTP clients send: they
   * are answered in JSON).
   */
  readonly sse: boolean;
}

const ANY: AcceptedAnswers = Object.freeze({ json: true, sse: false });

/**
 * Reads an `Accept` header (RFC 9110 §12.5.1): each media type takes the quality of the most specific range that
 * matches it, and `q=0` refuses it, so `text/event-stream;q=0, *\/*` admits JSON but not SSE.
 */
export function acceptedAnswers(accept: string | undefined): AcceptedAnswers {
  if (accept === undefined || accept.trim() === '') return ANY;
  // A client sends the same header on every request: the last reading is kept rather than parsing it again.
  if (accept !== lastAccept) {
    lastAccept = accept;
    const ranges = accept.split(',').map(parseRange);
    lastAnswers = {
      json: qualityOf(ranges, 'application', 'json') > 0,
      sse: qualityOf(ranges, 'text', 'event-stream', false) > 0,
    };
  }
  return lastAnswers;
}

let lastAccept: string | undefined;
let lastAnswers: AcceptedAnswers = ANY;

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly quality: number;
}

function parseRange(part: string): MediaRange {
  const [mediaType = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
  const [type = '', subtype = ''] = mediaType.split('/', 2);
  const q = parameters.find((parameter) => parameter.startsWith('q='));
  const quality = q === undefined ? 1 : Number(q.slice(2));
  return { type, subtype, quality: Number.isFinite(quality) ? quality : 0 };
}

/** The quality the most specific matching range gives `type/subtype`; 0 when none matches. */
function qualityOf(ranges: readonly MediaRange[], type: string, subtype: string, anyCounts = true): number {
  let best = -1;
  let quality = 0;
  for (const range of ranges) {
    const specificity =
      range.type === type && range.subtype === subtype ? 2 : range.type === type && range.subtype === '*' ? 1 : range.type === '*' && range.subtype === '*' && anyCounts ? 0 : -1;
    if (specificity > best) {
      best = specificity;
      quality = range.quality;
    }
  }
  return quality;
}

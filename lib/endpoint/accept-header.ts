import { acceptedAnswers } from '../transport/accepted-answers.js';

/**
 * Whether an `Accept` header admits at least one way the endpoint answers a POST (`application/json` or
 * `text/event-stream`, directly or through `*\/*`, `application/*`, `text/*`). A type whose most specific range has
 * `q=0` is refused by the client and does not count. A missing header accepts anything (RFC 9110).
 */
export function acceptsAnAnswer(accept: string | undefined): boolean {
  const answers = acceptedAnswers(accept);
  return answers.json || answers.sse;
}

import { acceptsAnAnswer } from './accept-header.js';

describe('acceptsAnAnswer', () => {
  it('admits JSON, SSE, both, their wildcards and a missing header', () => {
    for (const accept of [undefined, '', 'application/json', 'text/event-stream', 'application/json, text/event-stream', '*/*', 'application/*', 'text/*;q=0.2', 'TEXT/EVENT-STREAM']) {
      expect(acceptsAnAnswer(accept)).toBe(true);
    }
  });

  it('refuses a header that admits neither, or refuses both with q=0', () => {
    for (const accept of ['text/html', 'image/*', 'application/xml, text/plain', 'application/json;q=0, text/event-stream;q=0', '*/*;q=0', 'application/jsonx', 'text/event-stream;q=0, text/*, application/json;q=0']) {
      expect(acceptsAnAnswer(accept)).toBe(false);
    }
  });
});

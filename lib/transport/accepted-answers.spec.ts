import { acceptedAnswers } from './accepted-answers.js';

describe('acceptedAnswers', () => {
  it('reads which answers a header admits, by the most specific range of each type', () => {
    const cases: [string | undefined, boolean, boolean][] = [
      [undefined, true, false],
      ['  ', true, false],
      ['application/json, text/event-stream', true, true],
      ['text/event-stream', false, true],
      ['TEXT/EVENT-STREAM', false, true],
      ['text/*', false, true],
      ['*/*', true, false],
      ['application/json;q=0, text/event-stream', false, true],
      ['text/event-stream;q=0, application/json', true, false],
      ['text/event-stream;q=0, */*', true, false],
      ['application/json;q=0, */*', false, false],
      ['text/event-stream;q=0, text/*', false, false],
      ['application/*;q=0.5', true, false],
      ['text/html', false, false],
    ];
    for (const [accept, json, sse] of cases) {
      expect([accept, acceptedAnswers(accept)]).toEqual([accept, { json, sse }]);
    }
  });
});

import { ForbiddenException, HttpException, UnauthorizedException } from '@nestjs/common';
import { guardRefusal, isHttpException } from './guard-refusal.js';

const challenge = { kind: 'reply' as const, status: 401, headers: { 'www-authenticate': 'Bearer' }, body: undefined };

function contextWith(headers: Record<string, unknown> = {}) {
  const messages: string[] = [];
  const unauthorized = (message: string) => {
    messages.push(message);
    return challenge;
  };
  return { id: 7, response: { getHeaders: () => headers }, unauthorized, messages };
}

describe('guardRefusal', () => {
  it('answers UnauthorizedException with the endpoint challenge, carrying the guard message', () => {
    const context = contextWith();
    expect(guardRefusal(new UnauthorizedException('The token expired'), context)).toBe(challenge);
    expect(context.messages).toEqual(['The token expired.']);
  });

  it('keeps the status of other HTTP exceptions, with a JSON-RPC body echoing the id', () => {
    const answer = guardRefusal(new ForbiddenException('Suspended.'), contextWith());
    expect(answer).toMatchObject({ status: 403, body: { jsonrpc: '2.0', id: 7, error: { code: -32000, message: 'Suspended.' } } });
  });

  it("answers a throttler's 429 with the Retry-After it set (named throttlers suffix the header)", () => {
    const answer = guardRefusal(new HttpException('Too Many Requests', 429), contextWith({ 'retry-after-short': 12 }));
    expect(answer).toMatchObject({
      status: 429,
      headers: { 'retry-after': '12' },
      body: { id: 7, error: { message: 'Too Many Requests. Retry after 12 s.' } },
    });
  });

  it('recognizes HTTP exceptions by shape, so another copy of Nest counts', () => {
    expect(isHttpException({ getStatus: () => 429, getResponse: () => 'x', message: 'x' })).toBe(true);
    expect(isHttpException(new Error('boom'))).toBe(false);
    expect(isHttpException(undefined)).toBe(false);
  });
});

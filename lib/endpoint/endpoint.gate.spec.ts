import type { ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { gateRequest } from './endpoint.gate.js';
import type { McpEndpointExchange } from './mcp-endpoint-exchange.js';

const options = { dnsRebindingProtection: true, allowedOrigins: [], maxBodyBytes: 100 } as unknown as ResolvedMcpOptions;

function exchange(overrides: Partial<McpEndpointExchange>): McpEndpointExchange {
  return {
    method: 'POST',
    headers: { host: 'localhost:3000', 'content-type': 'application/json' },
    body: { kind: 'raw', data: '{}' },
    localAddress: '127.0.0.1',
    abort: { signal: new AbortController().signal, abort: () => undefined, detachFromClient: () => undefined },
    platformRequest: {},
    platformResponse: {},
    ...overrides,
  };
}

describe('gateRequest', () => {
  it('lets a loopback request with a JSON body through', () => {
    expect(gateRequest(options, exchange({}))).toBeUndefined();
    expect(gateRequest(options, exchange({ headers: { host: 'localhost', 'content-type': 'application/vnd.api+json; charset=utf-8' } }))).toBeUndefined();
  });

  it('refuses a hostile Host or Origin with 403 before looking at the body, on every method', () => {
    for (const method of ['POST', 'GET', 'DELETE', 'PUT']) {
      const refusal = gateRequest(options, exchange({ method, headers: { host: 'evil.example' }, body: { kind: 'too-large' } }));
      expect(refusal?.status).toBe(403);
    }
    const origin = gateRequest(options, exchange({ headers: { host: 'localhost:3000', origin: 'http://evil.example' } }));
    expect(origin?.status).toBe(403);
  });

  it('refuses a body over the limit with 413 and closes the connection', () => {
    const refusal = gateRequest(options, exchange({ body: { kind: 'too-large' } }));
    expect(refusal).toMatchObject({ status: 413, headers: { connection: 'close' } });
    expect(refusal?.error.message).toContain('"maxBodyBytes"');
  });

  it('refuses a POST whose Content-Type is not JSON with 415, and leaves GET alone', () => {
    expect(gateRequest(options, exchange({ headers: { host: 'localhost', 'content-type': 'text/plain' } }))?.status).toBe(415);
    expect(gateRequest(options, exchange({ headers: { host: 'localhost', 'content-type': 'application/jsonx' } }))?.status).toBe(415);
    expect(gateRequest(options, exchange({ method: 'GET', headers: { host: 'localhost', 'content-type': 'text/plain' } }))).toBeUndefined();
  });

  it('refuses a body without Content-Type with 415, a slow body with 408, an unacceptable Accept with 406', () => {
    expect(gateRequest(options, exchange({ headers: { host: 'localhost' } }))?.status).toBe(415);
    expect(gateRequest(options, exchange({ headers: { host: 'localhost' }, body: { kind: 'none' } }))).toBeUndefined();
    expect(gateRequest(options, exchange({ body: { kind: 'timed-out' } }))).toMatchObject({ status: 408, headers: { connection: 'close' } });
    expect(gateRequest(options, exchange({ headers: { host: 'localhost', 'content-type': 'application/json', accept: 'text/html' } }))?.status).toBe(406);
  });

  it('refuses a content-coded body and a JSON body in another charset than UTF-8 with 415', () => {
    const encoded = gateRequest(options, exchange({ body: { kind: 'encoded', coding: 'gzip' } }));
    expect(encoded).toMatchObject({ status: 415, headers: { 'accept-encoding': 'identity' } });
    expect(encoded?.error.message).toContain('Content-Encoding "gzip"');
    for (const contentType of ['application/json; charset=utf-16', 'application/json;charset="UTF-16LE"', 'application/json; charset=iso-8859-1']) {
      expect(gateRequest(options, exchange({ headers: { host: 'localhost', 'content-type': contentType } }))?.status).toBe(415);
    }
    for (const contentType of ['application/json; charset=UTF-8', 'application/json;charset="utf-8"', 'application/json; charset=us-ascii', 'application/json; profile=x']) {
      expect(gateRequest(options, exchange({ headers: { host: 'localhost', 'content-type': contentType } }))).toBeUndefined();
    }
  });

  it('skips only the Host/Origin check when protection is off', () => {
    const off = { ...options, dnsRebindingProtection: false } as ResolvedMcpOptions;
    expect(gateRequest(off, exchange({ headers: { host: 'evil.example', 'content-type': 'application/json' } }))).toBeUndefined();
    expect(gateRequest(off, exchange({ headers: { host: 'evil.example' }, body: { kind: 'too-large' } }))?.status).toBe(413);
  });
});

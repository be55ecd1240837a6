import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import type { McpContext } from '../context/mcp-context.js';
import { createRouteRequest, MCP_INVOCATION } from './route-request.factory.js';

const layout = { pathParams: ['id'], queryParams: ['q'], hasBody: true, bodyNested: false };
const context = {} as McpContext;

/** A request shaped like Express 5's: helpers and a getter-only `query` on the prototype, `user` set by middleware. */
function liveRequest(): IncomingMessage & { user?: unknown; params?: unknown } {
  const prototype = Object.create(IncomingMessage.prototype, {
    query: { get: () => ({ fromUrl: true }), configurable: true },
    get: {
      value(this: IncomingMessage, name: string) {
        return this.headers[name.toLowerCase()];
      },
    },
  });
  const request = new IncomingMessage(new Socket());
  Object.setPrototypeOf(request, prototype);
  request.headers = { 'x-api-key': 'k' };
  Object.assign(request, { user: { id: 'u1' }, params: { live: true } });
  return request;
}

describe('createRouteRequest', () => {
  it('sees the live request (headers, helpers, user) with the call\'s own params, query and body', () => {
    const live = liveRequest();
    const request = createRouteRequest(live, { id: '7', q: 'x', title: 't' }, context, layout) as unknown as Record<string, any>;
    expect(request.params).toEqual({ id: '7' });
    expect(request.query).toEqual({ q: 'x' });
    expect(request.body).toEqual({ title: 't' });
    expect(request.get('X-Api-Key')).toBe('k');
    expect(request.user).toEqual({ id: 'u1' });
    expect(request[MCP_INVOCATION as unknown as string].context).toBe(context);
    expect(request).toBeInstanceOf(IncomingMessage);
  });

  it('never changes the live request, nor makes it a prototype', () => {
    const live = liveRequest();
    const request = createRouteRequest(live, { id: '7' }, context, layout) as unknown as Record<string, unknown>;
    request.user = { id: 'guard-set' };
    expect(Object.getPrototypeOf(request)).not.toBe(live);
    expect(live.user).toEqual({ id: 'u1' });
    expect(live.params).toEqual({ live: true });
    expect((live as unknown as { query: unknown }).query).toEqual({ fromUrl: true });
  });

  it('keeps concurrent calls apart', () => {
    const live = liveRequest();
    const first = createRouteRequest(live, { id: '1' }, context, layout);
    const second = createRouteRequest(live, { id: '2' }, context, layout);
    (first as unknown as Record<string, unknown>).user = 'first';
    expect(first.params).toEqual({ id: '1' });
    expect(second.params).toEqual({ id: '2' });
    expect((second as unknown as Record<string, unknown>).user).toEqual({ id: 'u1' });
  });

  it('copies the live request\'s own properties as they are: hidden ones, accessors, and ones shadowing the prototype', () => {
    const live = liveRequest();
    const hidden = Symbol('hidden');
    Object.defineProperty(live, hidden, { value: 'kept', enumerable: false, configurable: true });
    Object.defineProperty(live, 'lazy', { get: () => 'computed', enumerable: true, configurable: true });
    let reads = 0;
    const parsed = () => {
      reads += 1;
      return { parsed: true };
    };
    Object.defineProperty(live, 'body', { get: parsed, enumerable: false, configurable: true });
    Object.defineProperty(live, 'get', { value: () => 'own helper', enumerable: false, writable: false, configurable: true });
    for (const round of [1, 2]) {
      const request = createRouteRequest(live, { id: String(round), title: 't' }, context, layout) as unknown as Record<PropertyKey, any>;
      expect(request[hidden]).toBe('kept');
      expect(request.lazy).toBe('computed');
      expect(request.get('x')).toBe('own helper');
      expect(Object.getOwnPropertyDescriptor(request, 'get')).toMatchObject({ writable: false, enumerable: false });
      expect(request.body).toEqual({ title: 't' });
      expect(request.params).toEqual({ id: String(round) });
    }
    // The live request's own lazily parsed body is never read to build the overlay.
    expect(reads).toBe(0);
  });
});

import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy knows about a request when it picks an instance. */
export interface ProxiedRequest {
  httpMethod: string;
  /** What the body holds: a JSON-RPC request, notification or response (POST), or the HTTP method's role. */
  kind: 'request' | 'notification' | 'response' | 'get' | 'delete' | 'other';
  /** The JSON-RPC method, for requests and notifications. */
  rpcMethod?: string;
  lastEventId?: string;
}

/** A request as the proxy routed it. */
export interface ProxyLogEntry extends ProxiedRequest {
  instance: number;
}

/** Picks an instance index for a request. */
export type ProxyRoute = (request: ProxiedRequest, proxy: InstanceProxy) => number;

/**
 * A loopback reverse proxy in front of several instances, standing for a load balancer without session affinity:
 * by default each request goes to a random live instance (seeded, so runs repeat, and never three times in a row to
 * the same one, so a few requests always reach every instance). Streams pass through unbuffered; a log records
 * where each request went.
 */
export class InstanceProxy {
  readonly log: ProxyLogEntry[] = [];
  /** Instances that stopped: never picked. */
  readonly down = new Set<number>();
  route: ProxyRoute = () => this.randomInstance();
  private seed = 0x5eed;
  /** Exchanges whose response to the client is still open, with how each was routed. */
  private readonly open = new Map<ServerResponse, ProxyLogEntry>();

  private constructor(
    private readonly server: Server,
    readonly url: URL,
    private readonly targets: readonly URL[],
  ) {}

  static async start(targets: readonly URL[]): Promise<InstanceProxy> {
    let proxy!: InstanceProxy;
    const server = createServer((request, response) => void proxy.forward(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    proxy = new InstanceProxy(server, new URL(`http://127.0.0.1:${port}/mcp`), targets);
    return proxy;
  }

  /** A random live instance (never the same more than twice in a row). */
  randomInstance(): number {
    const live = this.targets.map((_, index) => index).filter((index) => !this.down.has(index));
    const [previous, beforeThat] = [this.log.at(-1)?.instance, this.log.at(-2)?.instance];
    const candidates = live.length > 1 && previous === beforeThat ? live.filter((index) => index !== previous) : live;
    return candidates[Math.floor(this.nextRandom() * candidates.length)]!;
  }

  /** mulberry32: a small seeded generator in [0, 1). */
  private nextRandom(): number {
    let t = (this.seed = (this.seed + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** The instance that served the last request with this JSON-RPC method. */
  lastInstanceOf(rpcMethod: string): number | undefined {
    return this.log.findLast((entry) => entry.rpcMethod === rpcMethod)?.instance;
  }

  /**
   * Cuts the open exchanges `which` picks, as a network failure would: the client's connection drops mid-response
   * (no clean end) and so does the instance's. Returns how many were cut.
   */
  cut(which: (entry: ProxyLogEntry) => boolean): number {
    const picked = [...this.open].filter(([, entry]) => which(entry));
    for (const [response] of picked) response.destroy();
    return picked.length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const routed = describe(request, body);
    const instance = this.route(routed, this);
    const entry = { ...routed, instance };
    this.log.push(entry);
    this.open.set(response, entry);
    const target = this.targets[instance]!;
    const upstream = httpRequest(target, { method: request.method, headers: request.headers, agent: false }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
      answer.on('error', () => response.destroy());
      answer.on('close', () => (answer.complete ? undefined : response.destroy()));
    });
    upstream.on('error', () => {
      if (response.headersSent) response.destroy();
      else response.writeHead(502).end();
    });
    response.on('close', () => {
      this.open.delete(response);
      upstream.destroy();
    });
    upstream.end(body);
  }
}

function describe(request: IncomingMessage, body: Buffer): ProxiedRequest {
  const httpMethod = request.method ?? 'GET';
  const lastEventId = request.headers['last-event-id'] as string | undefined;
  if (httpMethod === 'GET') return { httpMethod, kind: 'get', lastEventId };
  if (httpMethod === 'DELETE') return { httpMethod, kind: 'delete' };
  try {
    const message = JSON.parse(body.toString()) as Record<string, unknown>;
    if (typeof message.method === 'string') {
      return { httpMethod, kind: 'id' in message ? 'request' : 'notification', rpcMethod: message.method };
    }
    if ('result' in message || 'error' in message) return { httpMethod, kind: 'response' };
  } catch {
    // Not JSON: forwarded as is.
  }
  return { httpMethod, kind: 'other' };
}

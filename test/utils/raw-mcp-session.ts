import { rawRequest, type RawResponse } from './raw-http.js';
import { TEST_CLIENT_INFO } from './sdk-client.js';

/** How to open a raw session. */
export interface RawSessionInit {
  protocolVersion?: string;
  /** Extra headers on every request of the session. */
  headers?: Record<string, string>;
  /** Whether to send `notifications/initialized` after `initialize`. @default true */
  initialized?: boolean;
}

/** Sends `initialize` over raw HTTP and returns the response. */
export function rawInitialize(url: URL, protocolVersion = '2025-11-25', headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(url, {
    headers,
    body: { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion, capabilities: {}, clientInfo: TEST_CLIENT_INFO } },
  });
}

/** A session driven with raw HTTP, for the edges the SDK client never produces. */
export class RawMcpSession {
  private nextId = 1;

  private constructor(
    readonly url: URL,
    readonly id: string,
    readonly protocolVersion: string,
    private readonly headers: Record<string, string>,
  ) {}

  static async open(url: URL, init: RawSessionInit = {}): Promise<RawMcpSession> {
    const headers = init.headers ?? {};
    const response = await rawInitialize(url, init.protocolVersion, headers);
    if (response.status !== 200) {
      throw new Error(`initialize failed with HTTP ${response.status}: ${response.text}`);
    }
    const body = response.json();
    const session = new RawMcpSession(url, String(response.headers['mcp-session-id']), body.result.protocolVersion, headers);
    if (init.initialized ?? true) {
      await session.notify('notifications/initialized');
    }
    return session;
  }

  /** Headers that identify the session. */
  get sessionHeaders(): Record<string, string> {
    return { ...this.headers, 'mcp-session-id': this.id, 'mcp-protocol-version': this.protocolVersion };
  }

  /** Sends a request with the next id. */
  request(method: string, params?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<RawResponse> {
    const message = { jsonrpc: '2.0', id: this.nextId++, method, ...(params ? { params } : {}) };
    return this.post(message, headers);
  }

  /** Sends a notification. */
  notify(method: string, params?: Record<string, unknown>): Promise<RawResponse> {
    return this.post({ jsonrpc: '2.0', method, ...(params ? { params } : {}) });
  }

  /** Posts any body within the session. */
  post(body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
    return rawRequest(this.url, { body, headers: { ...this.sessionHeaders, ...headers } });
  }

  /** Ends the session. */
  delete(): Promise<RawResponse> {
    return rawRequest(this.url, { method: 'DELETE', headers: this.sessionHeaders });
  }
}

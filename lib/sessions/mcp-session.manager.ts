import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import type { McpClientCapabilities, McpImplementation } from '../protocol/mcp-types.js';
import type { McpSession } from '../stores/mcp-session.js';
import { McpSessionStore } from '../stores/mcp-session.store.js';

/** The 404 error of a session that does not exist (or, to its caller, must look as if it did not). */
export function sessionNotFound(): McpProtocolError {
  return new McpProtocolError(
    JsonRpcErrorCode.SESSION_NOT_FOUND,
    'Session not found: it has ended, expired, or never existed. Send a new initialize request without an Mcp-Session-Id header.',
    undefined,
    404,
  );
}

/** Creates, finds and ends stateful sessions, enforcing the idle timeout and the session cap. */
@Injectable()
export class McpSessionManager {
  constructor(
    private readonly store: McpSessionStore,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  /** Opens a session for an `initialize` request. Throws HTTP 503 when the cap is reached. */
  async create(init: {
    protocolVersion: string;
    clientInfo?: McpImplementation;
    clientCapabilities: McpClientCapabilities;
    owner?: string;
  }): Promise<McpSession> {
    if ((await this.store.count()) >= this.options.session.maxSessions) {
      throw new McpProtocolError(
        JsonRpcErrorCode.SERVER_ERROR,
        'The server has reached its maximum number of sessions. Retry later, or end unused sessions with DELETE.',
        undefined,
        503,
      );
    }
    const session: McpSession = {
      id: randomBytes(24).toString('base64url'),
      protocolVersion: init.protocolVersion,
      clientInfo: init.clientInfo,
      clientCapabilities: init.clientCapabilities,
      initialized: false,
      subscriptions: [],
      createdAt: Date.now(),
      ...(init.owner !== undefined ? { owner: init.owner } : {}),
    };
    await this.store.save(session, this.options.session.idleTimeoutMs);
    return session;
  }

  /** The live session, or a 404 error telling the client to initialize again. */
  async require(id: string): Promise<McpSession> {
    const session = await this.store.get(id, this.options.session.idleTimeoutMs);
    if (!session) throw sessionNotFound();
    return session;
  }

  /** The live session, or `undefined`. */
  find(id: string): Promise<McpSession | undefined> {
    return this.store.get(id, this.options.session.idleTimeoutMs);
  }

  /** Saves a changed session. */
  save(session: McpSession): Promise<void> {
    return this.store.save(session, this.options.session.idleTimeoutMs);
  }

  /** Ends a session. */
  end(id: string): Promise<void> {
    return this.store.delete(id);
  }
}

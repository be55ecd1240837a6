import { Inject, Injectable } from '@nestjs/common';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import { McpCapacityError } from '../errors/mcp-capacity.error.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import type { McpClientCapabilities, McpImplementation } from '../protocol/mcp-types.js';
import type { McpSession } from '../stores/mcp-session.js';
import { McpSessionStore, type McpSessionPatch, type McpSubscribeOutcome } from '../stores/mcp-session.store.js';
import { randomId } from './random-id.js';

/** The 404 error of a session that does not exist (or, to its caller, must look as if it did not). */
export function sessionNotFound(): McpProtocolError {
  return new McpProtocolError(
    JsonRpcErrorCode.SESSION_NOT_FOUND,
    'Session not found: it has ended, expired, or never existed. Send a new initialize request without an Mcp-Session-Id header.',
    undefined,
    'not-found',
  );
}

/** Shared by every session that has not subscribed to anything (records are immutable). */
const NO_SUBSCRIPTIONS: readonly string[] = Object.freeze([]);

/** When a client refused for a full session cap is told to retry, in seconds. */
const RETRY_FULL_SECONDS = 30;

/** Who reads a session, and what for (see {@link McpSessionManager.find}). */
export interface McpSessionAccess {
  /** The caller key of the request (`callerKeyOf`); a session opened by another caller is not found. */
  readonly owner: string | undefined;
  /** The message is `notifications/initialized`: the read marks an uninitialized session initialized. */
  readonly completesInitialization?: boolean;
}

/**
 * Creates, finds and ends stateful sessions, enforcing the idle timeout and the session cap. A session that has not
 * sent `notifications/initialized` lives at most `uninitializedTimeoutMs` and counts toward a cap of its own
 * (per instance), so `initialize` floods cannot fill `maxSessions`.
 */
@Injectable()
export class McpSessionManager {
  /** Uninitialized sessions created here, by id, with their expiry; in creation order, hence expiry order. */
  private readonly pending = new Map<string, number>();

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
    const { maxSessions, maxUninitializedSessions, uninitializedTimeoutMs } = this.options.session;
    if (this.pendingCount() >= maxUninitializedSessions) {
      throw new McpCapacityError(
        'The server holds too many sessions that have not finished initializing. Retry later, and send notifications/initialized right after initialize.',
        uninitializedTimeoutMs / 1000,
      );
    }
    const session: McpSession = {
      id: randomId(24),
      protocolVersion: init.protocolVersion,
      clientInfo: init.clientInfo,
      clientCapabilities: init.clientCapabilities,
      initialized: false,
      subscriptions: NO_SUBSCRIPTIONS,
      createdAt: Date.now(),
      ...(init.owner !== undefined ? { owner: init.owner } : {}),
    };
    if (!(await this.store.create(session, uninitializedTimeoutMs, maxSessions))) {
      throw new McpCapacityError(
        'The server has reached its maximum number of sessions. Retry later, or end unused sessions with DELETE.',
        RETRY_FULL_SECONDS,
      );
    }
    this.pending.set(session.id, session.createdAt + uninitializedTimeoutMs);
    return session;
  }

  /** Marks a session initialized: from now on it lives by the idle timeout. */
  async markInitialized(session: McpSession): Promise<void> {
    this.pending.delete(session.id);
    await this.store.patch(session.id, { initialized: true }, this.options.session.idleTimeoutMs);
  }

  /**
   * Sets some fields of a session in the store, atomically (never by saving the whole record, so concurrent changes
   * from any instance all hold); returns the changed record, or throws the 404 error when the session is gone.
   */
  async patch(session: McpSession, fields: McpSessionPatch): Promise<McpSession> {
    if (!(await this.store.patch(session.id, fields, this.ttlOf(session)))) throw sessionNotFound();
    return { ...session, ...fields };
  }

  /** Adds a resource URI to a session's subscriptions, atomically, within `session.maxSubscriptions`. */
  async subscribe(session: McpSession, uri: string): Promise<Exclude<McpSubscribeOutcome, 'missing'>> {
    const outcome = await this.store.addSubscription(session.id, uri, this.options.session.maxSubscriptions, this.ttlOf(session));
    if (outcome === 'missing') throw sessionNotFound();
    return outcome;
  }

  /** Removes a resource URI from a session's subscriptions, atomically. */
  async unsubscribe(session: McpSession, uri: string): Promise<void> {
    if (!(await this.store.removeSubscription(session.id, uri, this.ttlOf(session)))) throw sessionNotFound();
  }

  /**
   * The live session, or a 404 error telling the client to initialize again; with `access`, only for the caller that
   * opened it (see {@link find}).
   */
  async require(id: string, access?: McpSessionAccess): Promise<McpSession> {
    const session = await this.find(id, access);
    if (!session) throw sessionNotFound();
    return session;
  }

  /**
   * The live session, or `undefined`. An uninitialized one keeps its short deadline however often it is used. With
   * `access`, a session opened by another caller than `access.owner` is `undefined` too (as if it did not exist), and
   * when the message completes the initialization (`notifications/initialized`), the session is marked initialized
   * in the store call that would otherwise re-arm its deadline; the record returned says so.
   */
  async find(id: string, access?: McpSessionAccess): Promise<McpSession | undefined> {
    const session = await this.store.get(id, this.options.session.idleTimeoutMs);
    if (!session) return undefined;
    const owned = access === undefined || session.owner === access.owner;
    if (session.initialized) return owned ? session : undefined;
    const remaining = this.uninitializedRemaining(session);
    if (remaining <= 0) {
      await this.end(id);
      return undefined;
    }
    if (owned && access?.completesInitialization) {
      this.pending.delete(id);
      const marked = await this.store.patch(id, { initialized: true }, this.options.session.idleTimeoutMs);
      return marked ? { ...session, initialized: true } : undefined;
    }
    // Shortens its clock back to the uninitialized deadline without rewriting the record (a save here could undo a
    // concurrent change, such as `notifications/initialized` arriving at the same time).
    await this.store.patch(session.id, {}, remaining);
    return owned ? session : undefined;
  }

  /** Saves a changed session (a new record: sessions are immutable values). */
  save(session: McpSession): Promise<void> {
    return this.store.save(session, this.ttlOf(session));
  }

  /**
   * Claims the session's GET stream for `holder`, deployment-wide, for three keep-alive intervals (renew it by
   * claiming again): refused while another holder's lease is live, unless `takeOver` (a client resuming the stream).
   */
  claimStream(sessionId: string, holder: string, takeOver: boolean): Promise<boolean> {
    return this.store.claimStream(sessionId, holder, this.streamLeaseMs, takeOver);
  }

  /** Gives up `holder`'s lease of the session's GET stream. */
  releaseStream(sessionId: string, holder: string): Promise<void> {
    return this.store.releaseStream(sessionId, holder);
  }

  /** How long a GET-stream lease lasts without renewal. */
  get streamLeaseMs(): number {
    return 3 * this.options.streams.keepAliveMs;
  }

  /** Ends a session. */
  end(id: string): Promise<void> {
    this.pending.delete(id);
    return this.store.delete(id);
  }

  /** How long a session lives from now without activity. */
  private ttlOf(session: McpSession): number {
    return Math.max(1, session.initialized ? this.options.session.idleTimeoutMs : this.uninitializedRemaining(session));
  }

  private uninitializedRemaining(session: McpSession): number {
    return session.createdAt + this.options.session.uninitializedTimeoutMs - Date.now();
  }

  /** How many uninitialized sessions this instance created that are still live; drops the expired ones first. */
  private pendingCount(): number {
    const now = Date.now();
    for (const [id, expiresAt] of this.pending) {
      if (expiresAt > now) break;
      this.pending.delete(id);
    }
    return this.pending.size;
  }
}

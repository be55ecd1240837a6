import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { McpSession } from '../mcp-session.js';
import { McpSessionStore, type McpSessionPatch, type McpSubscribeOutcome } from '../mcp-session.store.js';

interface Entry {
  readonly session: McpSession;
  readonly expiresAt: number;
}

/** How often expired sessions are swept, at most. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * The default, in-process session store. No operation scans the sessions:
 * - Sessions sharing an idle timeout live in one map kept in idle-deadline order (a touch deletes and re-inserts),
 *   so expiry drops entries from the front of each map and `count` is the sum of the maps' sizes.
 * - Records are kept and handed out as they are (the contract makes them immutable values), never copied; a field
 *   change stores a changed shallow copy in the same synchronous step as the read, so concurrent changes all hold.
 * A timer that does not keep the process alive releases expired sessions once a minute.
 */
@Injectable()
export class MemorySessionStore extends McpSessionStore implements OnModuleDestroy {
  /** Entries by id, one map per idle timeout (in practice there is one), each in insertion = deadline order. */
  private readonly byTimeout = new Map<number, Map<string, Entry>>();
  private readonly sweeper = setInterval(() => this.expire(Date.now()), SWEEP_INTERVAL_MS).unref();

  async save(session: McpSession, idleTimeoutMs: number): Promise<void> {
    const now = Date.now();
    this.remove(session.id);
    this.bucket(idleTimeoutMs).set(session.id, { session, expiresAt: now + idleTimeoutMs });
    this.expire(now);
  }

  async get(id: string, idleTimeoutMs: number): Promise<McpSession | undefined> {
    const now = Date.now();
    let entry = this.byTimeout.get(idleTimeoutMs)?.get(id);
    if (entry) this.byTimeout.get(idleTimeoutMs)!.delete(id);
    else entry = this.remove(id);
    if (!entry || entry.expiresAt <= now) return undefined;
    this.bucket(idleTimeoutMs).set(id, { session: entry.session, expiresAt: now + idleTimeoutMs });
    return entry.session;
  }

  override async patch(id: string, fields: McpSessionPatch, idleTimeoutMs: number): Promise<boolean> {
    return this.change(id, idleTimeoutMs, (session) => ({ ...session, ...fields })) !== undefined;
  }

  override async addSubscription(id: string, uri: string, maxSubscriptions: number, idleTimeoutMs: number): Promise<McpSubscribeOutcome> {
    let full = false;
    const found = this.change(id, idleTimeoutMs, (session) => {
      if (session.subscriptions.includes(uri)) return session;
      full = session.subscriptions.length >= maxSubscriptions;
      return full ? session : { ...session, subscriptions: [...session.subscriptions, uri] };
    });
    if (!found) return 'missing';
    return full ? 'full' : 'subscribed';
  }

  override async removeSubscription(id: string, uri: string, idleTimeoutMs: number): Promise<boolean> {
    const found = this.change(id, idleTimeoutMs, (session) =>
      session.subscriptions.includes(uri) ? { ...session, subscriptions: session.subscriptions.filter((each) => each !== uri) } : session,
    );
    return found !== undefined;
  }

  async delete(id: string): Promise<void> {
    this.remove(id);
  }

  async count(): Promise<number> {
    this.expire(Date.now());
    let total = 0;
    for (const entries of this.byTimeout.values()) total += entries.size;
    return total;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** Replaces a live session by `edit(session)` without yielding in between; restarts its idle clock. */
  private change(id: string, idleTimeoutMs: number, edit: (session: McpSession) => McpSession): McpSession | undefined {
    const now = Date.now();
    const entry = this.remove(id);
    if (!entry || entry.expiresAt <= now) return undefined;
    const session = edit(entry.session);
    this.bucket(idleTimeoutMs).set(id, { session, expiresAt: now + idleTimeoutMs });
    return session;
  }

  private bucket(idleTimeoutMs: number): Map<string, Entry> {
    let entries = this.byTimeout.get(idleTimeoutMs);
    if (!entries) {
      entries = new Map();
      this.byTimeout.set(idleTimeoutMs, entries);
    }
    return entries;
  }

  /** Removes an id from whichever map holds it; returns its entry. */
  private remove(id: string): Entry | undefined {
    for (const entries of this.byTimeout.values()) {
      const entry = entries.get(id);
      if (entry) {
        entries.delete(id);
        return entry;
      }
    }
    return undefined;
  }

  /** Drops expired entries from the front of each map; stops at the first live one. */
  private expire(now: number): void {
    for (const [timeout, entries] of this.byTimeout) {
      for (const [id, entry] of entries) {
        if (entry.expiresAt > now) break;
        entries.delete(id);
      }
      if (entries.size === 0) this.byTimeout.delete(timeout);
    }
  }
}

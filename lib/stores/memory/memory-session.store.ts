import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { McpSession } from '../mcp-session.js';
import { McpSessionStore } from '../mcp-session.store.js';

interface Entry {
  session: McpSession;
  expiresAt: number;
}

/** How often expired sessions are swept, at most. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * The default, in-process session store. Expired sessions are dropped when read and swept once a minute by a timer
 * that does not keep the process alive.
 */
@Injectable()
export class MemorySessionStore extends McpSessionStore implements OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();

  async save(session: McpSession, idleTimeoutMs: number): Promise<void> {
    this.entries.set(session.id, { session: structuredClone(session), expiresAt: Date.now() + idleTimeoutMs });
  }

  async get(id: string, idleTimeoutMs: number): Promise<McpSession | undefined> {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    const now = Date.now();
    if (entry.expiresAt <= now) {
      this.entries.delete(id);
      return undefined;
    }
    entry.expiresAt = now + idleTimeoutMs;
    return structuredClone(entry.session);
  }

  async delete(id: string): Promise<void> {
    this.entries.delete(id);
  }

  async count(): Promise<number> {
    this.sweep();
    return this.entries.size;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(id);
    }
  }
}

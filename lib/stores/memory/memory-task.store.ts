import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { McpProtocolError } from '../../errors/mcp-protocol.error.js';
import { TERMINAL_TASK_STATUSES, type McpTaskPage, type McpTaskRecord } from '../mcp-task.js';
import { McpTaskStore, type McpTaskRetention } from '../mcp-task.store.js';
import { ExpiryQueue } from './expiry-queue.js';

const SWEEP_INTERVAL_MS = 30_000;

/**
 * The default, in-process task store. Expired tasks are dropped when read, when counted and by a 30 s sweep whose
 * timer does not keep the process alive. Updates are synchronous inside the event loop, hence atomic.
 *
 * Creating a task costs O(log n) whatever the store holds: unfinished tasks are counted as they come and go, and
 * expiries wait in a heap. Finished tasks follow the retention: kept at most `completedTtlMs` after they finish,
 * and at most `maxCompleted` of them, the earliest finished dropped first.
 */
@Injectable()
export class MemoryTaskStore extends McpTaskStore implements OnModuleDestroy {
  private readonly tasks = new Map<string, McpTaskRecord>();
  /** Unfinished tasks, overall and by owner. */
  private activeTotal = 0;
  private readonly activeByOwner = new Map<string, number>();
  /** Finished task ids, in the order they finished. */
  private readonly finished = new Set<string>();
  private readonly expiries = new ExpiryQueue();
  private retention: McpTaskRetention = { maxCompleted: 1_000, completedTtlMs: 3_600_000 };
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();

  /** How many tasks the store holds now (expired ones included until swept). */
  get size(): number {
    return this.tasks.size;
  }

  override setRetention(retention: McpTaskRetention): void {
    this.retention = retention;
  }

  async create(task: McpTaskRecord): Promise<void> {
    this.sweep();
    const stored = structuredClone(task);
    this.drop(stored.taskId);
    this.tasks.set(stored.taskId, stored);
    if (TERMINAL_TASK_STATUSES.has(stored.status)) this.finish(stored);
    else this.adjustActive(stored.ownerId, 1);
    this.schedule(stored);
  }

  async get(taskId: string, ownerId: string): Promise<McpTaskRecord | undefined> {
    const task = this.live(taskId);
    return task && task.ownerId === ownerId ? structuredClone(task) : undefined;
  }

  async getAny(taskId: string): Promise<McpTaskRecord | undefined> {
    const task = this.live(taskId);
    return task && structuredClone(task);
  }

  async update(
    taskId: string,
    patch: Partial<McpTaskRecord>,
    from?: readonly McpTaskRecord['status'][],
  ): Promise<McpTaskRecord | undefined> {
    const task = this.live(taskId);
    if (!task || TERMINAL_TASK_STATUSES.has(task.status) || (from && !from.includes(task.status))) return undefined;
    Object.assign(task, structuredClone(patch), { lastUpdatedAt: new Date().toISOString() });
    if (TERMINAL_TASK_STATUSES.has(task.status)) {
      this.adjustActive(task.ownerId, -1);
      this.finish(task);
    }
    return structuredClone(task);
  }

  override async listActive(limit: number): Promise<McpTaskRecord[]> {
    const active = [...this.tasks.values()].filter((task) => !TERMINAL_TASK_STATUSES.has(task.status) && !isExpired(task));
    const expiry = (task: McpTaskRecord) => (task.ttlMs === null ? Infinity : Date.parse(task.createdAt) + task.ttlMs);
    return active.sort((a, b) => expiry(a) - expiry(b)).slice(0, Math.max(0, limit)).map((task) => structuredClone(task));
  }

  async list(ownerId: string, cursor: string | undefined, limit: number): Promise<McpTaskPage> {
    const owned = [...this.tasks.values()]
      .filter((task) => task.ownerId === ownerId && !isExpired(task))
      .sort((a, b) => (a.createdAt === b.createdAt ? a.taskId.localeCompare(b.taskId) : b.createdAt.localeCompare(a.createdAt)));
    const offset = cursor === undefined ? 0 : decodeCursor(cursor);
    const page = owned.slice(offset, offset + limit);
    const next = offset + limit;
    return {
      tasks: page.map((task) => structuredClone(task)),
      ...(next < owned.length ? { nextCursor: Buffer.from(`t:${next}`).toString('base64url') } : {}),
    };
  }

  async countActive(ownerId?: string): Promise<number> {
    this.sweep();
    return ownerId === undefined ? this.activeTotal : (this.activeByOwner.get(ownerId) ?? 0);
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** Applies the retention to a task that just finished: a shorter TTL if needed, and the count of finished ones. */
  private finish(task: McpTaskRecord): void {
    const elapsed = Date.now() - Date.parse(task.createdAt);
    const ceiling = Math.max(0, elapsed) + this.retention.completedTtlMs;
    if (task.ttlMs === null || task.ttlMs > ceiling) {
      (task as { ttlMs: number | null }).ttlMs = ceiling;
      this.schedule(task);
    }
    this.finished.add(task.taskId);
    while (this.finished.size > this.retention.maxCompleted) {
      this.drop(this.finished.values().next().value!);
    }
  }

  private schedule(task: McpTaskRecord): void {
    if (task.ttlMs !== null) this.expiries.set(task.taskId, Date.parse(task.createdAt) + task.ttlMs);
  }

  private adjustActive(ownerId: string, delta: 1 | -1): void {
    this.activeTotal += delta;
    const count = (this.activeByOwner.get(ownerId) ?? 0) + delta;
    if (count > 0) this.activeByOwner.set(ownerId, count);
    else this.activeByOwner.delete(ownerId);
  }

  /** Forgets a task and its bookkeeping. */
  private drop(taskId: string): void {
    const task = this.tasks.get(taskId);
    if (!task) return;
    this.tasks.delete(taskId);
    this.expiries.delete(taskId);
    if (this.finished.delete(taskId)) return;
    this.adjustActive(task.ownerId, -1);
  }

  private live(taskId: string): McpTaskRecord | undefined {
    const task = this.tasks.get(taskId);
    if (task && isExpired(task)) {
      this.drop(taskId);
      return undefined;
    }
    return task;
  }

  /** Drops the tasks whose expiry passed: only those, taken from the heap. */
  private sweep(): void {
    for (const taskId of this.expiries.takeDue(Date.now())) {
      const task = this.tasks.get(taskId);
      if (task && isExpired(task)) this.drop(taskId);
    }
  }
}

function isExpired(task: McpTaskRecord): boolean {
  return task.ttlMs !== null && Date.parse(task.createdAt) + task.ttlMs <= Date.now();
}

function decodeCursor(cursor: string): number {
  const match = /^t:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw McpProtocolError.invalidParams('The cursor is not one this server issued. Omit it for the first page.');
  return Number(match[1]);
}

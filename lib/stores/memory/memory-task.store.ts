import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { McpProtocolError } from '../../errors/mcp-protocol.error.js';
import { TERMINAL_TASK_STATUSES, type McpTaskPage, type McpTaskRecord } from '../mcp-task.js';
import { McpTaskStore } from '../mcp-task.store.js';

const SWEEP_INTERVAL_MS = 30_000;

/**
 * The default, in-process task store. Expired tasks are dropped when read and swept every 30 s by a timer that does
 * not keep the process alive. Updates are synchronous inside the event loop, hence atomic.
 */
@Injectable()
export class MemoryTaskStore extends McpTaskStore implements OnModuleDestroy {
  private readonly tasks = new Map<string, McpTaskRecord>();
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();

  /** How many tasks the store holds now (expired ones included until swept). */
  get size(): number {
    return this.tasks.size;
  }

  async create(task: McpTaskRecord): Promise<void> {
    this.tasks.set(task.taskId, structuredClone(task));
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
    return structuredClone(task);
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
    let count = 0;
    for (const [taskId, task] of this.tasks) {
      if (isExpired(task)) this.tasks.delete(taskId);
      else if (!TERMINAL_TASK_STATUSES.has(task.status) && (ownerId === undefined || task.ownerId === ownerId)) count += 1;
    }
    return count;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private live(taskId: string): McpTaskRecord | undefined {
    const task = this.tasks.get(taskId);
    if (task && isExpired(task)) {
      this.tasks.delete(taskId);
      return undefined;
    }
    return task;
  }

  private sweep(): void {
    for (const [taskId, task] of this.tasks) if (isExpired(task)) this.tasks.delete(taskId);
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

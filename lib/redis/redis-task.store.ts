import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { TERMINAL_TASK_STATUSES, type McpTaskPage, type McpTaskRecord } from '../stores/mcp-task.js';
import { McpTaskStore, type McpTaskRetention } from '../stores/mcp-task.store.js';
import type { McpRedisConnection } from './mcp-redis.connection.js';
import { COUNT_ACTIVE, CREATE_TASK, LIST_ACTIVE, LIST_TASKS, UPDATE_TASK } from './redis-task.scripts.js';

/** Owner-index members sort newest first: 13 digits of (this minus creation time in ms), then the task id. */
const LATEST_MS = 9_999_999_999_999;

/**
 * Tasks in Redis, so a task started on one instance can be read, awaited and cancelled from any other.
 * - Each task is a hash of JSON-encoded fields that expires at `createdAt + ttlMs` (`PEXPIREAT`).
 * - `update` is one Lua script: it checks the status and applies the patch atomically, so two instances can never
 *   both move a task to a terminal status.
 * - An owner index (sorted set, ordered by member) gives `list` its newest-first order and stable cursors (the last
 *   member seen), unaffected by tasks created or expiring between pages.
 * - Active sets scored by expiry make `countActive` exact without scanning.
 * - A finished set scored by finish time bounds finished tasks (see {@link McpTaskStore.setRetention}).
 */
export class RedisTaskStore extends McpTaskStore {
  private retention: McpTaskRetention = { maxCompleted: 1_000, completedTtlMs: 3_600_000 };

  constructor(private readonly connection: McpRedisConnection) {
    super();
  }

  override setRetention(retention: McpTaskRetention): void {
    this.retention = retention;
  }

  create(task: McpTaskRecord): Promise<void> {
    const { keys } = this.connection;
    const expireAt = task.ttlMs === null ? '' : String(Date.parse(task.createdAt) + task.ttlMs);
    const active = TERMINAL_TASK_STATUSES.has(task.status) ? '0' : '1';
    return this.connection.guard(async (client) => {
      await CREATE_TASK.run(
        client,
        [keys.task(task.taskId), keys.ownerTasks(task.ownerId), keys.activeTasks(), keys.activeTasks(task.ownerId)],
        [expireAt, indexMember(task), task.taskId, active, ...toFields(task)],
      );
    });
  }

  async get(taskId: string, ownerId: string): Promise<McpTaskRecord | undefined> {
    const task = await this.getAny(taskId);
    return task?.ownerId === ownerId ? task : undefined;
  }

  getAny(taskId: string): Promise<McpTaskRecord | undefined> {
    return this.connection.guard(async (client) => fromHash(await client.hgetall(this.connection.keys.task(taskId))));
  }

  update(
    taskId: string,
    patch: Partial<Omit<McpTaskRecord, 'taskId' | 'ownerId' | 'createdAt' | 'toolName'>>,
    from?: readonly McpTaskRecord['status'][],
  ): Promise<McpTaskRecord | undefined> {
    const { keys } = this.connection;
    const unset = Object.keys(patch).filter((field) => patch[field as keyof typeof patch] === undefined);
    const set = toFields({ ...patch, lastUpdatedAt: new Date().toISOString() });
    const allowed = from ? [String(from.length), ...from.map((status) => JSON.stringify(status))] : ['-1'];
    return this.connection.guard(async (client) => {
      const reply = await UPDATE_TASK.run(
        client,
        [keys.task(taskId), keys.activeTasks(), keys.finishedTasks()],
        [
          keys.task(''),
          String(this.retention.completedTtlMs),
          String(this.retention.maxCompleted),
          keys.activeTasks(''),
          taskId,
          ...allowed,
          String(unset.length),
          ...unset,
          ...set,
        ],
      );
      return Array.isArray(reply) ? fromHash(pairsToObject(reply as string[])) : undefined;
    });
  }

  async list(ownerId: string, cursor: string | undefined, limit: number): Promise<McpTaskPage> {
    const start = cursor === undefined ? '-' : `(${decodeCursor(cursor)}`;
    const pageSize = Math.max(1, Math.floor(limit));
    return this.connection.guard(async (client) => {
      const found = (await LIST_TASKS.run(
        client,
        [this.connection.keys.ownerTasks(ownerId)],
        [this.connection.keys.task(''), start, pageSize + 1],
      )) as Array<[string, string[]]>;
      const page = found.slice(0, pageSize);
      const tasks = page.map(([, fields]) => fromHash(pairsToObject(fields))!).filter((task) => task.ownerId === ownerId);
      return found.length > pageSize ? { tasks, nextCursor: encodeCursor(page.at(-1)![0]) } : { tasks };
    });
  }

  override listActive(limit: number): Promise<McpTaskRecord[]> {
    if (limit < 1) return Promise.resolve([]);
    return this.connection.guard(async (client) => {
      const found = (await LIST_ACTIVE.run(client, [this.connection.keys.activeTasks()], [this.connection.keys.task(''), Math.floor(limit)])) as string[][];
      return found.map((fields) => fromHash(pairsToObject(fields))!);
    });
  }

  countActive(ownerId?: string): Promise<number> {
    return this.connection.guard(async (client) => Number(await COUNT_ACTIVE.run(client, [this.connection.keys.activeTasks(ownerId)])));
  }
}

/** The owner-index member of a task: newest first, ties by task id. */
function indexMember(task: McpTaskRecord): string {
  const created = Date.parse(task.createdAt);
  const inverted = LATEST_MS - (Number.isFinite(created) ? created : 0);
  return `${String(inverted).padStart(13, '0')}:${task.taskId}`;
}

/** Field/value pairs of the defined fields, each value JSON-encoded. */
function toFields(record: object): string[] {
  const fields: string[] = [];
  for (const [field, value] of Object.entries(record)) {
    if (value !== undefined) fields.push(field, JSON.stringify(value));
  }
  return fields;
}

function fromHash(hash: Record<string, string>): McpTaskRecord | undefined {
  const entries = Object.entries(hash);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([field, json]) => [field, JSON.parse(json)])) as McpTaskRecord;
}

function pairsToObject(pairs: string[]): Record<string, string> {
  const object: Record<string, string> = {};
  for (let index = 0; index + 1 < pairs.length; index += 2) object[pairs[index]!] = pairs[index + 1]!;
  return object;
}

function encodeCursor(member: string): string {
  return Buffer.from(`r:${member}`).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const match = /^r:(\d{13}:[\s\S]+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw McpProtocolError.invalidParams('The cursor is not one this server issued. Omit it for the first page.');
  return match[1]!;
}

import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { McpCapacityError } from '../errors/mcp-capacity.error.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { McpBusTopic, McpMessageBus } from '../stores/mcp-message.bus.js';
import type { McpTaskRecord } from '../stores/mcp-task.js';
import { McpTaskStore } from '../stores/mcp-task.store.js';
import { codecOf } from '../codecs/wire-codecs.js';
import { toStatefulTask } from '../codecs/task-wire-format.js';
import { McpCancelledError } from '../errors/mcp-cancelled.error.js';
import { ANONYMOUS_TASK_OWNER, anonymousTaskOwner } from './task-owner.js';
import { TaskSessionOutbox } from './task-session.outbox.js';
import { InstanceHeartbeat } from '../lifecycle/instance-heartbeat.js';

/** A change to a task as it travels on the bus. */
export type TaskChange =
  | { taskId: string; change: 'status' }
  | { taskId: string; change: 'cancelled' }
  | { taskId: string; change: 'input'; inputResponses: Record<string, unknown> };

/** What a new task needs. */
export interface NewTask {
  /** The owner; {@link ANONYMOUS_TASK_OWNER} makes the task its own owner, reachable only by its id. */
  ownerId: string;
  toolName: string;
  wire: McpTaskRecord['wire'];
  sessionId?: string;
  requestedTtlMs?: number;
}

/** A task running on this instance. */
interface LocalTask {
  readonly controller: AbortController;
  readonly inputListeners: Set<(responses: Record<string, unknown>) => void>;
}

/**
 * Creates tasks and keeps their records current while they run on this instance: status changes, results, errors,
 * cancellation (from any instance, through the message bus) and answers to their input requests. On the stateful
 * wire it also tells the owning session about status changes.
 */
@Injectable()
export class TaskRunner implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('McpTasks');
  private readonly local = new Map<string, LocalTask>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly store: McpTaskStore,
    private readonly bus: McpMessageBus,
    private readonly outbox: TaskSessionOutbox,
    private readonly heartbeat: InstanceHeartbeat,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    const { maxCompleted, completedTtlMs } = this.options.tasks;
    this.store.setRetention({ maxCompleted, completedTtlMs });
    this.unsubscribe = await this.bus.subscribe(McpBusTopic.TASK, (message) => this.onChange(message as TaskChange));
  }

  /** How many tasks run on this instance now. */
  get runningCount(): number {
    return this.local.size;
  }

  /**
   * Creates a task (durably: `tasks/get` resolves as soon as this returns) and registers it as running here.
   * Refuses with HTTP 429/503 beyond the per-owner and total limits (anonymous tasks, each its own owner, count
   * against the total only).
   */
  async create(init: NewTask, signal: AbortController): Promise<McpTaskRecord> {
    const { tasks } = this.options;
    const anonymous = init.ownerId === ANONYMOUS_TASK_OWNER;
    if (!anonymous && (await this.store.countActive(init.ownerId)) >= tasks.maxActivePerOwner) {
      throw new McpCapacityError(
        `You have ${tasks.maxActivePerOwner} unfinished tasks, the most allowed. Wait for one to finish or cancel one.`,
        tasks.pollIntervalMs / 1000,
        'rate-limited',
      );
    }
    if ((await this.store.countActive()) >= tasks.maxActive) {
      throw new McpCapacityError('The server runs too many tasks. Retry later.', tasks.pollIntervalMs / 1000);
    }
    const now = new Date().toISOString();
    const ttlMs = Math.min(init.requestedTtlMs ?? tasks.defaultTtlMs, tasks.maxTtlMs);
    const taskId = randomBytes(18).toString('base64url');
    const record: McpTaskRecord = {
      taskId,
      ownerId: anonymous ? anonymousTaskOwner(taskId) : init.ownerId,
      toolName: init.toolName,
      wire: init.wire,
      ...(init.sessionId ? { sessionId: init.sessionId } : {}),
      runner: this.heartbeat.instanceId,
      status: 'working',
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs,
      pollIntervalMs: tasks.pollIntervalMs,
    };
    await this.store.create(record);
    this.local.set(record.taskId, { controller: signal, inputListeners: new Set() });
    return record;
  }

  /** Moves a running task to a new state and tells whoever watches it. Returns the new record, if it changed. */
  async update(
    taskId: string,
    patch: Partial<McpTaskRecord>,
    from?: readonly McpTaskRecord['status'][],
  ): Promise<McpTaskRecord | undefined> {
    const updated = await this.store.update(taskId, patch, from);
    if (updated) {
      await this.bus.publish(McpBusTopic.TASK, { taskId, change: 'status' } satisfies TaskChange);
      this.notifySession(updated);
    }
    return updated;
  }

  /** Cancels a task wherever it runs. Returns the cancelled record, or `undefined` when it was already terminal. */
  async cancel(taskId: string): Promise<McpTaskRecord | undefined> {
    const cancelled = await this.update(taskId, { status: 'cancelled', statusMessage: 'The task was cancelled by request.' });
    if (cancelled) await this.bus.publish(McpBusTopic.TASK, { taskId, change: 'cancelled' } satisfies TaskChange);
    return cancelled;
  }

  /** Hands a client's answers (`tasks/update`) to the instance running the task. */
  deliverInput(taskId: string, inputResponses: Record<string, unknown>): Promise<void> {
    return this.bus.publish(McpBusTopic.TASK, { taskId, change: 'input', inputResponses } satisfies TaskChange);
  }

  /** Calls `listener` with every batch of answers delivered to a task running here; returns a function that stops it. */
  onInput(taskId: string, listener: (responses: Record<string, unknown>) => void): () => void {
    const task = this.local.get(taskId);
    task?.inputListeners.add(listener);
    return () => task?.inputListeners.delete(listener);
  }

  /** Resolves at the task's next change (or after `timeoutMs`, as a fallback poll). */
  nextChange(taskId: string, signal: AbortSignal, timeoutMs = 1_000): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.get(taskId)?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      const set = this.waiters.get(taskId) ?? new Set();
      set.add(done);
      this.waiters.set(taskId, set);
    });
  }

  /** Forgets a task whose handler finished on this instance. */
  release(taskId: string): void {
    this.local.delete(taskId);
  }

  beforeApplicationShutdown(): void {
    for (const task of this.local.values()) task.controller.abort(new McpCancelledError('The server is shutting down.'));
    this.local.clear();
    void this.unsubscribe?.();
  }

  private onChange(change: TaskChange): void {
    const local = this.local.get(change.taskId);
    if (change.change === 'cancelled') local?.controller.abort(new McpCancelledError('The task was cancelled.'));
    if (change.change === 'input') for (const listener of local?.inputListeners ?? []) listener(change.inputResponses);
    const waiters = this.waiters.get(change.taskId);
    if (waiters) {
      this.waiters.delete(change.taskId);
      for (const wake of waiters) wake();
    }
  }

  /** Stateful wire: `notifications/tasks/status` on the owning session's GET stream. */
  private notifySession(task: McpTaskRecord): void {
    if (!codecOf(task.wire).sessions || !task.sessionId) return;
    this.outbox
      .notify(task.sessionId, {
        jsonrpc: '2.0',
        method: 'notifications/tasks/status',
        params: toStatefulTask(task),
      })
      .catch((error: unknown) => this.logger.warn(`Could not send a task status notification: ${String(error)}`));
  }
}

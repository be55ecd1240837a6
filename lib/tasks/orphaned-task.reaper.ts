import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InstanceHeartbeat } from '../lifecycle/instance-heartbeat.js';
import { InstanceLiveness } from '../lifecycle/instance-liveness.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import { McpInstanceRegistry } from '../stores/mcp-instance-registry.js';
import { TERMINAL_TASK_STATUSES, type McpTaskRecord } from '../stores/mcp-task.js';
import { McpTaskStore } from '../stores/mcp-task.store.js';
import { TaskRunner } from './task-runner.js';

/** The status message and error of a task whose instance died. */
export const RUNNER_STOPPED_MESSAGE = 'The server instance running this task stopped before it finished. Run the tool again.';

/** How many heartbeats apart the sweeps run. */
const SWEEP_HEARTBEATS = 5;

/** The most unfinished tasks one sweep reads. */
const SWEEP_LIMIT = 100;

/** The statuses of a task that still runs. */
const RUNNING: readonly McpTaskRecord['status'][] = ['working', 'input_required'];

/**
 * Fails tasks whose runner died. A task records the instance running it; whichever instance reads an unfinished
 * task run elsewhere (`tasks/get`, `tasks/list`, `tasks/result`, `tasks/cancel`, `tasks/update`) checks that
 * instance's liveness lease and, once it lapsed, moves the task to `failed` with {@link RUNNER_STOPPED_MESSAGE}
 * (error `-32000`). The move is the store's atomic update from a running status, so of several instances noticing
 * at once one wins; all answer the failed task, and pollers (`tasks/result`) wake with the failure.
 *
 * Every five heartbeats each instance also sweeps the unfinished tasks expiring first (at most 100, when the task
 * store implements `listActive`), so a task nobody reads is failed too and frees its `tasks.maxActive` slot.
 */
@Injectable()
export class OrphanedTaskReaper implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('McpTasks');
  private sweeper?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    private readonly runner: TaskRunner,
    private readonly store: McpTaskStore,
    private readonly registry: McpInstanceRegistry,
    private readonly heartbeat: InstanceHeartbeat,
    private readonly liveness: InstanceLiveness,
  ) {}

  onModuleInit(): void {
    if (!this.store.listActive) return;
    this.sweeper = setInterval(() => void this.sweep(), this.registry.heartbeatMs * SWEEP_HEARTBEATS).unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Fails the unfinished tasks (of the first {@link SWEEP_LIMIT} to expire) whose runner died. */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      await this.reapAll((await this.store.listActive?.(SWEEP_LIMIT)) ?? []);
    } catch (error) {
      this.logger.warn(`Could not sweep tasks whose instance stopped: ${String(error)}`);
    } finally {
      this.sweeping = false;
    }
  }

  /** The task as it stands: failed when it was still running on an instance that died. */
  async reap(task: McpTaskRecord, deaths = new Map<string, Promise<boolean>>()): Promise<McpTaskRecord> {
    const instanceId = task.runner;
    if (TERMINAL_TASK_STATUSES.has(task.status) || !instanceId || instanceId === this.heartbeat.instanceId) return task;
    let isDead = deaths.get(instanceId);
    if (!isDead) deaths.set(instanceId, (isDead = this.liveness.isDead(instanceId)));
    if (!(await isDead)) return task;
    const failed = await this.runner.update(
      task.taskId,
      {
        status: 'failed',
        statusMessage: RUNNER_STOPPED_MESSAGE,
        error: { code: JsonRpcErrorCode.SERVER_ERROR, message: RUNNER_STOPPED_MESSAGE },
        inputRequests: undefined,
      },
      RUNNING,
    );
    return failed ?? (await this.store.getAny(task.taskId)) ?? task;
  }

  /** {@link reap} for a page of tasks, checking each runner once. */
  reapAll(tasks: readonly McpTaskRecord[]): Promise<McpTaskRecord[]> {
    const deaths = new Map<string, Promise<boolean>>();
    return Promise.all(tasks.map((task) => this.reap(task, deaths)));
  }
}

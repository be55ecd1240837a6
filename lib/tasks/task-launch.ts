import type { McpRequestChannel } from '../context/mcp-request-channel.js';
import type { McpTaskRecord } from '../stores/mcp-task.js';
import { TaskChannel } from './task-channel.js';
import type { NewTask, TaskRunner } from './task-runner.js';
import type { TaskSessionOutbox } from './task-session.outbox.js';

/**
 * One tool call that may become a task. Until {@link start}, the handler talks to the client through the
 * request's own channel (so it can ask for input in ordinary rounds); from then on, through the task's channel.
 * Its signal follows the request until the task exists, then only the task (cancellation).
 */
export class TaskLaunch {
  readonly controller = new AbortController();
  readonly channel: McpRequestChannel;
  /** Resolves when the task exists. */
  readonly started: Promise<McpTaskRecord>;
  private markStarted!: (record: McpTaskRecord) => void;
  private starting?: Promise<McpTaskRecord>;
  private taskRecord?: McpTaskRecord;
  private taskChannel?: TaskChannel;
  private readonly unlinkRequest: () => void;

  constructor(
    private readonly init: NewTask,
    private readonly runner: TaskRunner,
    private readonly outbox: TaskSessionOutbox,
    private readonly requestChannel: McpRequestChannel | undefined,
    requestSignal: AbortSignal,
  ) {
    this.started = new Promise((resolve) => (this.markStarted = resolve));
    const follow = () => this.controller.abort(requestSignal.reason);
    requestSignal.addEventListener('abort', follow, { once: true });
    this.unlinkRequest = () => requestSignal.removeEventListener('abort', follow);
    const current = (): McpRequestChannel | undefined => this.taskChannel ?? this.requestChannel;
    this.channel = {
      notify: (method, params) => current()?.notify(method, params) ?? Promise.resolve(),
      request: (method, params, signal, key) => current()!.request(method, params, signal, key),
      closeStream: () => current()?.closeStream() ?? Promise.resolve(),
      missingCapability: (capability, call) => current()!.missingCapability(capability, call),
      inputRequiredResult: () => (this.taskChannel ? undefined : this.requestChannel?.inputRequiredResult?.()),
    };
  }

  /** The task, once started. */
  get record(): McpTaskRecord | undefined {
    return this.taskRecord;
  }

  /** Creates the task (once). */
  start(): Promise<McpTaskRecord> {
    this.starting ??= this.runner.create(this.init, this.controller).then((record) => {
      this.unlinkRequest();
      this.taskRecord = record;
      this.taskChannel = new TaskChannel(record, this.runner, this.outbox, this.controller.signal);
      this.markStarted(record);
      return record;
    });
    return this.starting;
  }

  /** Stops listening for the task's input (it ended). */
  dispose(): void {
    this.taskChannel?.dispose();
    this.unlinkRequest();
  }
}

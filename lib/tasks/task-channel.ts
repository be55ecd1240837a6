import type { McpRequestChannel } from '../context/mcp-request-channel.js';
import { codecOf } from '../codecs/wire-codecs.js';
import type { McpWireCodec } from '../codecs/mcp-wire.codec.js';
import type { McpTaskInputRequest, McpTaskRecord } from '../stores/mcp-task.js';
import type { TaskSessionOutbox } from './task-session.outbox.js';
import { isValidAnswer } from '../context/input-answers.js';
import { RELATED_TASK_META } from './task-protocol.js';
import type { TaskRunner } from './task-runner.js';
import { McpCancelledError } from '../errors/mcp-cancelled.error.js';
import { Logger } from '@nestjs/common';
import { inBackground } from '../errors/background.js';

const LOGGER = new Logger('McpTasks');

interface Waiting {
  method: string;
  resolve(answer: Record<string, unknown>): void;
  reject(error: Error): void;
}

/**
 * How a handler running as a task reaches the client. While it waits for an answer the task is `input_required`.
 * Stateful wire: requests and notifications travel on the session's GET stream, tagged with the related task.
 * Stateless wire: requests wait in the task record (`inputRequests`) until `tasks/update` answers them; several
 * may wait at once and be answered separately.
 */
export class TaskChannel implements McpRequestChannel {
  private readonly waiting = new Map<string, Waiting>();
  private readonly outstanding: Record<string, McpTaskInputRequest> = {};
  private updates: Promise<unknown> = Promise.resolve();
  private readonly stopListening: () => void;
  private readonly codec: McpWireCodec;

  constructor(
    private readonly task: McpTaskRecord,
    private readonly runner: TaskRunner,
    private readonly outbox: TaskSessionOutbox,
    signal: AbortSignal,
  ) {
    this.codec = codecOf(task.wire);
    this.stopListening = runner.onInput(task.taskId, (responses) => this.answer(responses));
    signal.addEventListener('abort', () => this.abandon(signal.reason), { once: true });
  }

  async notify(method: string, params: Record<string, unknown>): Promise<void> {
    if (!this.codec.sessions || !this.task.sessionId) return;
    await this.outbox.notify(this.task.sessionId, {
      jsonrpc: '2.0',
      method,
      params: { ...params, _meta: { ...(params._meta as object | undefined), [RELATED_TASK_META]: { taskId: this.task.taskId } } },
    });
  }

  async request(method: string, params: Record<string, unknown>, signal: AbortSignal, key: string): Promise<Record<string, unknown>> {
    return this.codec.sessions && this.task.sessionId
      ? this.requestOnSession(this.task.sessionId, method, params, signal, key)
      : this.requestThroughRecord(method, params, key);
  }

  async closeStream(): Promise<void> {}

  missingCapability(capability: string, call: string): Error {
    return this.codec.missingCapability(capability, call);
  }

  /** Stops listening for answers (the task ended). */
  dispose(): void {
    this.stopListening();
  }

  private async requestOnSession(
    sessionId: string,
    method: string,
    params: Record<string, unknown>,
    signal: AbortSignal,
    key: string,
  ): Promise<Record<string, unknown>> {
    this.outstanding[key] = { method, params };
    await this.saveOutstanding();
    try {
      return await this.outbox.request(
        sessionId,
        method,
        { ...params, _meta: { [RELATED_TASK_META]: { taskId: this.task.taskId } } },
        signal,
      );
    } finally {
      delete this.outstanding[key];
      await this.saveOutstanding();
    }
  }

  private requestThroughRecord(method: string, params: Record<string, unknown>, key: string): Promise<Record<string, unknown>> {
    const answer = new Promise<Record<string, unknown>>((resolve, reject) => this.waiting.set(key, { method, resolve, reject }));
    this.outstanding[key] = { method, params };
    inBackground(this.saveOutstanding(), LOGGER, 'Recording a task input request');
    return answer;
  }

  /** Answers from `tasks/update`: valid ones for outstanding keys resume their callers; the rest are ignored. */
  private answer(responses: Record<string, unknown>): void {
    let changed = false;
    for (const [key, response] of Object.entries(responses)) {
      const waiting = this.waiting.get(key);
      if (!waiting || !isValidAnswer(waiting.method, response)) continue;
      this.waiting.delete(key);
      delete this.outstanding[key];
      waiting.resolve(response);
      changed = true;
    }
    if (changed) inBackground(this.saveOutstanding(), LOGGER, 'Recording task answers');
  }

  private abandon(reason: unknown): void {
    const error = reason instanceof Error ? reason : new McpCancelledError('The task was cancelled.');
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
    this.dispose();
  }

  /** Writes the outstanding requests (and the matching status) to the record, one write at a time. */
  private saveOutstanding(): Promise<unknown> {
    const inputRequests = { ...this.outstanding };
    const pending = Object.keys(inputRequests).length > 0;
    this.updates = this.updates.catch(() => undefined).then(() =>
      this.runner.update(
        this.task.taskId,
        pending ? { status: 'input_required', inputRequests } : { status: 'working', inputRequests: undefined },
        ['working', 'input_required'],
      ),
    );
    return this.updates;
  }
}

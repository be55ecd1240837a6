import type { IncomingMessage } from 'node:http';
import { userOf } from '../auth/request-user.js';
import { McpClientError } from '../errors/mcp-client.error.js';
import type { JsonRpcId } from '../protocol/json-rpc.types.js';
import {
  MCP_LOGGING_LEVELS,
  type McpClientCapabilities,
  type McpImplementation,
  type McpLoggingLevel,
} from '../protocol/mcp-types.js';
import type {
  McpElicitationResult,
  McpElicitationSchema,
  McpRoot,
  McpSamplingRequest,
  McpSamplingResult,
} from './elicitation.types.js';
import type { McpRequestChannel } from './mcp-request-channel.js';

/** The `_meta` of a request that sent none (shared, frozen). */
const NO_META: Readonly<Record<string, unknown>> = Object.freeze({});

/** What the transport knows about the request a handler is serving. */
export interface McpContextInit {
  requestId: JsonRpcId;
  method: string;
  sessionId?: string;
  protocolVersion: string;
  clientInfo?: McpImplementation;
  clientCapabilities: McpClientCapabilities;
  request: IncomingMessage;
  /** Where `signal` is read from, on first use (the request scope: most handlers never look at it). */
  signalSource: { readonly signal: AbortSignal };
  meta?: Record<string, unknown>;
  /** How to reach the client while the request runs; absent where nothing can be sent. */
  channel?: McpRequestChannel;
  /** Present when the call may become a task: starts it. */
  taskControl?: { start(): Promise<unknown>; readonly taskId?: string };
  /**
   * The lowest level the client wants to receive: set by `logging/setLevel` (stateful) or `_meta` (stateless).
   * `undefined` sends every level; `'off'` sends none.
   */
  logLevel?: McpLoggingLevel | 'off';
}

/**
 * The context of one MCP request, injected with `@McpCtx()` into tools, resources and prompts: who is calling, and
 * how to talk back while the request runs (progress, log messages, elicitation, sampling, roots).
 * One instance per request: nothing in it is shared between concurrent calls.
 */
export class McpContext {
  /** The JSON-RPC id of the request being served. */
  readonly requestId: JsonRpcId;
  /** The MCP method being served (`tools/call`, `resources/read`, `prompts/get`, …). */
  readonly method: string;
  /** The session id on the stateful wire; `undefined` on the stateless wire. */
  readonly sessionId?: string;
  /** The protocol revision of this request. */
  readonly protocolVersion: string;
  /** The client's name and version, as it declared them. */
  readonly clientInfo?: McpImplementation;
  /** What the client declared it can do. */
  readonly clientCapabilities: McpClientCapabilities;
  private readonly httpRequest: IncomingMessage;
  private callRequest?: IncomingMessage;
  /** The request's `params._meta`, if any. */
  readonly meta: Readonly<Record<string, unknown>>;

  private readonly channel?: McpRequestChannel;
  /** Where {@link signal} comes from: read on first use, since most handlers never look at it. */
  private readonly signalSource: { readonly signal: AbortSignal };
  private readonly taskControl?: McpContextInit['taskControl'];
  private readonly logLevel?: McpLoggingLevel | 'off';
  private lastProgress = -Infinity;
  private inputCounts?: Map<string, number>;

  constructor(init: McpContextInit) {
    this.requestId = init.requestId;
    this.method = init.method;
    this.sessionId = init.sessionId;
    this.protocolVersion = init.protocolVersion;
    this.clientInfo = init.clientInfo;
    this.clientCapabilities = init.clientCapabilities;
    this.httpRequest = init.request;
    this.signalSource = init.signalSource;
    this.meta = init.meta ?? NO_META;
    this.channel = init.channel;
    this.logLevel = init.logLevel;
    this.taskControl = init.taskControl;
  }

  /**
   * Aborted when the client cancels the request (`notifications/cancelled`), or when it disconnects before the
   * answer started streaming. A client that drops an SSE stream can resume it, so that alone does not abort.
   */
  get signal(): AbortSignal {
    return this.signalSource.signal;
  }

  /**
   * The HTTP request that carried the MCP message (headers, `user` set by auth middleware, …). While a handler
   * runs through Nest's pipeline it is the call's own request, which inherits from the HTTP one, so what the
   * handler's guards set on it (`request.user`) is seen here too.
   */
  get request(): IncomingMessage {
    return this.callRequest ?? this.httpRequest;
  }

  /**
   * Makes `request` the request one call runs with (its guards' `request.user` included). Called by the route
   * pipeline; not for application code.
   * @internal
   */
  useCallRequest(request: IncomingMessage): void {
    this.callRequest = request;
  }

  /**
   * The caller, as the app's guards or middleware (`request.user`; on Fastify, middleware's `request.raw.user`)
   * or the module's `auth.verify` hook established it; `undefined` for an anonymous caller.
   */
  get user(): unknown {
    return userOf(this.request);
  }

  /** The progress token the client sent in `_meta.progressToken`, if any. */
  get progressToken(): string | number | undefined {
    const token = this.meta.progressToken;
    return typeof token === 'string' || typeof token === 'number' ? token : undefined;
  }

  /**
   * Reports progress (`notifications/progress`). Does nothing when the client sent no progress token, or when
   * `progress` is lower than the last value reported (progress never goes back).
   *
   * @example await ctx.reportProgress(50, 100, 'Halfway there');
   */
  async reportProgress(progress: number, total?: number, message?: string): Promise<void> {
    const progressToken = this.progressToken;
    if (progressToken === undefined || !this.channel || progress < this.lastProgress) return;
    this.lastProgress = progress;
    await this.channel.notify('notifications/progress', {
      progressToken,
      progress,
      ...(total !== undefined ? { total } : {}),
      ...(message !== undefined ? { message } : {}),
    });
  }

  /**
   * Sends a log message (`notifications/message`) when `level` is at or above the level the client set with
   * `logging/setLevel`.
   *
   * @example await ctx.log('info', { step: 'parsed', rows: 42 }, 'importer');
   */
  async log(level: McpLoggingLevel, data: unknown, logger?: string): Promise<void> {
    if (!this.channel || !isAtLeast(level, this.logLevel)) return;
    await this.channel.notify('notifications/message', { level, data, ...(logger ? { logger } : {}) });
  }

  /**
   * Asks the user to fill in a form (`elicitation/create`) and resolves with their answer. Throws
   * {@link McpClientError} when the client did not declare the `elicitation` capability.
   *
   * @example
   * const answer = await ctx.elicit('Which environment?', {
   *   type: 'object',
   *   properties: { env: { type: 'string', enum: ['staging', 'production'] } },
   *   required: ['env'],
   * });
   * if (answer.action === 'accept') deploy(answer.content!.env);
   */
  async elicit<T = Record<string, string | number | boolean | string[]>>(
    message: string,
    requestedSchema: McpElicitationSchema,
    options: McpInputOptions = {},
  ): Promise<McpElicitationResult<T>> {
    return (await this.requestInput('elicitation', 'elicit', 'elicitation/create', { message, requestedSchema }, options)) as McpElicitationResult<T>;
  }

  /**
   * Asks the client's model for a completion (`sampling/createMessage`). Throws {@link McpClientError} when the
   * client did not declare the `sampling` capability.
   */
  async sample(request: McpSamplingRequest, options: McpInputOptions = {}): Promise<McpSamplingResult> {
    return (await this.requestInput('sampling', 'sample', 'sampling/createMessage', request, options)) as McpSamplingResult;
  }

  /** Lists the client's roots (`roots/list`). Throws {@link McpClientError} when it did not declare `roots`. */
  async listRoots(options: McpInputOptions = {}): Promise<McpRoot[]> {
    const result = await this.requestInput('roots', 'listRoots', 'roots/list', {}, options);
    return Array.isArray(result.roots) ? (result.roots as McpRoot[]) : [];
  }

  /**
   * Ends this request's SSE stream now, before the result; the handler keeps running and the client fetches the
   * rest (the result included) by reconnecting with `Last-Event-ID`. Useful for long calls behind proxies that
   * cut idle connections.
   */
  async closeStream(): Promise<void> {
    await this.channel?.closeStream();
  }

  /** The id of the task this call runs as, once it is one. */
  get taskId(): string | undefined {
    return this.taskControl?.taskId;
  }

  /**
   * Turns the call into a task now (tools declared with `taskStart: 'manual'`): the client gets the task handle
   * at once and the handler carries on in the background. Input asked for before this call is gathered in
   * ordinary rounds; after it, through the task. Does nothing when the call cannot become a task or already is one.
   */
  async startTask(): Promise<void> {
    await this.taskControl?.start();
  }

  private requestInput(
    capability: 'elicitation' | 'sampling' | 'roots',
    call: string,
    method: string,
    params: Record<string, unknown>,
    options: McpInputOptions,
  ): Promise<Record<string, unknown>> {
    if (!this.channel) {
      throw new McpClientError(capability, `ctx.${call}() cannot reach the client from this context.`);
    }
    if (!this.clientCapabilities[capability]) {
      throw this.channel.missingCapability(capability, call);
    }
    const counts = (this.inputCounts ??= new Map());
    const count = (counts.get(capability) ?? 0) + 1;
    counts.set(capability, count);
    return this.channel.request(method, params as Record<string, unknown>, this.signal, options.key ?? `${capability}_${count}`);
  }
}

/** Options of `ctx.elicit()`, `ctx.sample()` and `ctx.listRoots()`. */
export interface McpInputOptions {
  /**
   * Names this input among a multi-round request's inputs (stateless wire): the key of `inputRequests` and of the
   * client's `inputResponses`. Must be the same on every round.
   * @default `<capability>_<n>`: `elicitation_1`, `sampling_2`, … in call order
   */
  key?: string;
}

function isAtLeast(level: McpLoggingLevel, threshold: McpLoggingLevel | 'off' | undefined): boolean {
  if (threshold === 'off') return false;
  return threshold === undefined || MCP_LOGGING_LEVELS.indexOf(level) >= MCP_LOGGING_LEVELS.indexOf(threshold);
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { InstanceHeartbeat } from '../../lifecycle/instance-heartbeat.js';
import { InstanceLiveness } from '../../lifecycle/instance-liveness.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../../mcp-options.resolver.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc-error-codes.js';
import { isResponseTo } from '../../protocol/json-rpc-response.js';
import { McpEventStore } from '../../stores/mcp-event.store.js';
import { McpInstanceRegistry, type McpStreamProducer } from '../../stores/mcp-instance-registry.js';
import type { SseSink } from './sse-sink.js';
import { StreamHub } from './stream-hub.js';

/** What the client of a call whose instance died gets, as the response to its request. */
export const PRODUCER_STOPPED_MESSAGE = 'The server instance running this request stopped before it finished. Retry the call.';

/** The least interval between two renewals of a producer record. */
const MIN_RENEWAL_MS = 1_000;

/**
 * Ends call streams whose producer died. The instance answering a request over SSE records itself as the stream's
 * producer ({@link produce}); a client that resumes the stream on another instance is watched there
 * ({@link watch}): at once, then every `heartbeatMs` while the resumed stream waits, the watcher checks the
 * producer's liveness lease. Once it lapsed (see {@link InstanceLiveness}) and the stream has not ended, one survivor
 * (a claim in the registry) appends a JSON-RPC error for the stream's request, `-32000` {@link PRODUCER_STOPPED_MESSAGE},
 * and ends the stream, so the client's pending call fails instead of waiting forever. In one process (the in-memory
 * registry keeps no producers) it does nothing.
 */
@Injectable()
export class OrphanedStreamWatcher {
  private readonly logger = new Logger('McpStreams');

  constructor(
    private readonly hub: StreamHub,
    private readonly events: McpEventStore,
    private readonly registry: McpInstanceRegistry,
    private readonly heartbeat: InstanceHeartbeat,
    private readonly liveness: InstanceLiveness,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  /**
   * Records this instance as the producer of a call stream that answers `requestId`, renewed (as long as the
   * stream's events are kept) until the returned function is called, when the stream ended.
   */
  produce(streamId: string, requestId: string | number): () => void {
    const producer: McpStreamProducer = { instanceId: this.heartbeat.instanceId, requestId };
    const record = () => {
      this.registry.recordStream(streamId, producer).catch((error: unknown) => {
        this.logger.warn(`Could not record the producer of stream "${streamId}": ${String(error)}`);
      });
    };
    record();
    const renewal = setInterval(record, Math.max(MIN_RENEWAL_MS, this.options.streams.eventTtlMs / 2)).unref();
    return () => clearInterval(renewal);
  }

  /**
   * Watches a call stream a client resumed here after event `after`, until the connection closes: when the stream's
   * producer died before the stream ended, the stream ends with the error for its request.
   */
  watch(streamId: string, after: number, sink: SseSink): void {
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const orphan: OrphanCheck = { claimed: false };
    sink.onClose(() => {
      closed = true;
      clearTimeout(timer);
    });
    const check = async () => {
      if (closed) return;
      let done: boolean;
      try {
        done = await this.settleIfOrphaned(streamId, after, orphan);
      } catch (error) {
        this.logger.warn(`Could not check the producer of resumed stream "${streamId}": ${String(error)}`);
        done = false;
      }
      if (!done && !closed) timer = setTimeout(() => void check(), this.registry.heartbeatMs).unref();
    };
    void check();
  }

  /** Ends the stream for its dead producer, when it is; resolves to whether watching can stop. */
  private async settleIfOrphaned(streamId: string, after: number, orphan: OrphanCheck): Promise<boolean> {
    const producer = (orphan.producer ??= await this.registry.producerOf(streamId));
    // Unknown producer (one process, or its record expired), or this instance: nothing another instance must end.
    if (!producer || producer.instanceId === this.heartbeat.instanceId) return true;
    if (!(await this.liveness.isDead(producer.instanceId))) return false;
    const replay = await this.events.replay(streamId, after);
    if (!replay || replay.ended) return true;
    // One survivor ends the stream; the others see its end through the hub.
    if (!orphan.claimed && !(orphan.claimed = await this.registry.claimOrphan(streamId))) return true;
    if (!replay.events.some((event) => isResponseTo(event.message, producer.requestId))) {
      this.logger.warn(`Instance "${producer.instanceId}" stopped while streaming stream "${streamId}"; ending it with an error.`);
      await this.hub.emit(streamId, {
        jsonrpc: '2.0',
        id: producer.requestId,
        error: { code: JsonRpcErrorCode.SERVER_ERROR, message: PRODUCER_STOPPED_MESSAGE },
      });
    }
    await this.hub.end(streamId);
    return true;
  }
}

/** What a watch learned so far: the stream's producer, and whether this instance claimed the stream's end. */
interface OrphanCheck {
  producer?: McpStreamProducer;
  claimed: boolean;
}


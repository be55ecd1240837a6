/** Which instance produces a call's SSE stream, and the request the stream answers. */
export interface McpStreamProducer {
  /** The id of the instance running the call (see {@link McpInstanceRegistry.beat}). */
  readonly instanceId: string;
  /** The JSON-RPC id of the request whose response ends the stream. */
  readonly requestId: string | number;
}

/**
 * Which instances of a deployment are alive, and which instance produces each call stream, so a survivor can tell
 * that work it cannot see (a call streaming its answer, a running task) lost its instance. An abstract class that
 * doubles as the DI token; `nestjs-mcp/redis` keeps it in Redis.
 *
 * Contract:
 * - `beat(instanceId)` marks the instance alive for the store's lease; each instance calls it every
 *   `heartbeatMs`. `isAlive` is `true` for an instance whose last beat is younger than the lease, `false` once it
 *   lapsed (and for an id that never beat). The lease must be longer than `heartbeatMs`.
 * - `recordStream` / `producerOf` keep a stream's producer at least as long as the stream's events are kept.
 *   A store serving one process may keep nothing (`producerOf` then answers `undefined`): a stream's producer
 *   there dies only with the process, and the stream with it.
 * - `claimOrphan(streamId)` answers `true` once per stream, to the first caller: the one instance that ends a
 *   stream whose producer died.
 */
export abstract class McpInstanceRegistry {
  /** How often each instance renews its lease, in milliseconds; survivors check producers as often. */
  abstract readonly heartbeatMs: number;
  abstract beat(instanceId: string): Promise<void>;
  abstract isAlive(instanceId: string): Promise<boolean>;
  abstract recordStream(streamId: string, producer: McpStreamProducer): Promise<void>;
  abstract producerOf(streamId: string): Promise<McpStreamProducer | undefined>;
  abstract claimOrphan(streamId: string): Promise<boolean>;
}

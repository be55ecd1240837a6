import { McpInstanceRegistry, type McpStreamProducer } from '../mcp-instance-registry.js';

/**
 * The default registry, for one process: it knows the instances that beat in this process and keeps no stream
 * producers (a stream and its producer live and die together with the process), so nothing is ever orphaned.
 * Memory stays bounded by the number of instance ids that beat.
 */
export class MemoryInstanceRegistry extends McpInstanceRegistry {
  private readonly leases = new Map<string, number>();

  constructor(
    /** How often instances beat, in milliseconds. */
    readonly heartbeatMs = 1_000,
    /** How long a beat keeps an instance alive, in milliseconds. */
    private readonly leaseMs = heartbeatMs * 5,
  ) {
    super();
  }

  async beat(instanceId: string): Promise<void> {
    this.leases.set(instanceId, Date.now() + this.leaseMs);
  }

  async isAlive(instanceId: string): Promise<boolean> {
    const until = this.leases.get(instanceId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.leases.delete(instanceId);
    return false;
  }

  async recordStream(_streamId: string, _producer: McpStreamProducer): Promise<void> {}

  async producerOf(_streamId: string): Promise<McpStreamProducer | undefined> {
    return undefined;
  }

  async claimOrphan(_streamId: string): Promise<boolean> {
    return true;
  }
}

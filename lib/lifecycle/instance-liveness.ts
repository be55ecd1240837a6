import { Injectable } from '@nestjs/common';
import { McpInstanceRegistry } from '../stores/mcp-instance-registry.js';
import { InstanceHeartbeat } from './instance-heartbeat.js';

/** The most instances whose missing lease is remembered; past it the memory starts over. */
const MAX_TRACKED = 1_000;

/**
 * Judges whether another instance of the deployment died: its liveness lease must be missing at two checks at least
 * one heartbeat apart (the first time, the check waits that heartbeat). A lease that vanished for a moment while its
 * instance goes on renewing it (evicted under memory pressure, lost in a failover or a Redis restart) is renewed
 * within a heartbeat, so it is not taken for a death. This instance is never dead to itself.
 */
@Injectable()
export class InstanceLiveness {
  /** When each instance's lease was first seen missing (since it was last seen). */
  private readonly missingSince = new Map<string, number>();

  constructor(
    private readonly registry: McpInstanceRegistry,
    private readonly heartbeat: InstanceHeartbeat,
  ) {}

  /** Whether the instance stopped renewing its lease: missing now, and a heartbeat ago. */
  async isDead(instanceId: string): Promise<boolean> {
    if (instanceId === this.heartbeat.instanceId || (await this.seenAlive(instanceId))) return false;
    let since = this.missingSince.get(instanceId);
    if (since === undefined) {
      if (this.missingSince.size >= MAX_TRACKED) this.missingSince.clear();
      this.missingSince.set(instanceId, (since = Date.now()));
    }
    const wait = since + this.registry.heartbeatMs - Date.now();
    if (wait <= 0) return true;
    await new Promise((resolve) => setTimeout(resolve, wait));
    return !(await this.seenAlive(instanceId));
  }

  private async seenAlive(instanceId: string): Promise<boolean> {
    const alive = await this.registry.isAlive(instanceId);
    if (alive) this.missingSince.delete(instanceId);
    return alive;
  }
}

import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomId } from '../sessions/random-id.js';
import { McpInstanceRegistry } from '../stores/mcp-instance-registry.js';

/**
 * This instance's identity in the deployment and its liveness lease: it beats in the {@link McpInstanceRegistry}
 * at startup and every `heartbeatMs` after, until shutdown. Other instances take it for dead once the lease lapses.
 * A beat that fails (Redis unreachable) is retried at the next interval; the first failure of a run is logged.
 */
@Injectable()
export class InstanceHeartbeat implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('McpInstances');
  /** This instance's id: random per process, so a restarted process is a new instance. */
  readonly instanceId = randomId(12);
  private timer?: NodeJS.Timeout;
  private failing = false;

  constructor(private readonly registry: McpInstanceRegistry) {}

  async onModuleInit(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.registry.heartbeatMs).unref();
  }

  /** Stops renewing the lease; it lapses on its own (work still running here is ended by the shutdown itself). */
  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async beat(): Promise<void> {
    try {
      await this.registry.beat(this.instanceId);
      if (this.failing) this.logger.log('Renewed this instance\'s liveness lease again.');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`Could not renew this instance's liveness lease: ${String(error)}. Retrying every beat.`);
      this.failing = true;
    }
  }
}

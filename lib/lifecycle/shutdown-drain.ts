import { Inject, Injectable } from '@nestjs/common';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';

/**
 * Graceful shutdown of the endpoint. Once the application starts shutting down (`app.close()`, or SIGTERM with
 * `enableShutdownHooks()`), {@link draining} turns true and the endpoint refuses new MCP requests with HTTP 503;
 * the requests already running get up to `shutdown.graceMs` to finish, after which {@link signal} aborts the rest
 * and every open stream is ended with a JSON-RPC error before its connection closes.
 */
@Injectable()
export class ShutdownDrain {
  private running = 0;
  private idle?: () => void;
  private draining$?: Promise<void>;
  private readonly controller = new AbortController();

  constructor(@Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions) {}

  /** Whether the endpoint is shutting down and refuses new requests. */
  get draining(): boolean {
    return this.draining$ !== undefined;
  }

  /** Aborts, once the grace period is over, the requests still running. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Counts a running request until the returned function is called. */
  enter(): () => void {
    this.running += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.running -= 1;
      if (this.running === 0) this.idle?.();
    };
  }

  /**
   * Stops accepting requests and resolves when the running ones have finished, or when `shutdown.graceMs` has
   * passed (then {@link signal} aborts them). Every caller gets the same promise.
   */
  drain(): Promise<void> {
    this.draining$ ??= new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.idle = undefined;
        if (!this.controller.signal.aborted) this.controller.abort(new Error('The server is shutting down.'));
        resolve();
      };
      const timer = setTimeout(done, this.options.shutdown.graceMs);
      timer.unref();
      this.idle = done;
      if (this.running === 0) done();
    });
    return this.draining$;
  }
}

import { Injectable } from '@nestjs/common';
import type { JsonRpcId } from '../json-rpc/json-rpc.types.js';

/**
 * The requests this instance is serving, by session and JSON-RPC id, so `notifications/cancelled` can abort the
 * right handler. Entries live exactly as long as their request.
 */
@Injectable()
export class InFlightRequests {
  private readonly controllers = new Map<string, AbortController>();

  /** Tracks a request; returns a function that stops tracking it. */
  track(sessionId: string, id: JsonRpcId, controller: AbortController): () => void {
    const key = keyOf(sessionId, id);
    this.controllers.set(key, controller);
    return () => {
      if (this.controllers.get(key) === controller) this.controllers.delete(key);
    };
  }

  /** Aborts a tracked request, if this instance serves it. */
  cancel(sessionId: string, id: JsonRpcId, reason?: string): boolean {
    const controller = this.controllers.get(keyOf(sessionId, id));
    controller?.abort(new Error(reason ?? 'The client cancelled the request.'));
    return Boolean(controller);
  }

  /** Aborts everything (application shutdown). */
  abortAll(reason: string): void {
    for (const controller of this.controllers.values()) controller.abort(new Error(reason));
    this.controllers.clear();
  }
}

function keyOf(sessionId: string, id: JsonRpcId): string {
  return `${sessionId}\u0000${typeof id}:${id}`;
}

import { Injectable } from '@nestjs/common';
import { TaskSessionOutbox } from '../../tasks/task-session.outbox.js';
import { ClientRequests } from './client-requests.js';
import { StreamHub } from './stream-hub.js';
import { standaloneStreamId } from './stream-ids.js';

/** {@link TaskSessionOutbox} over the session's standalone (GET) stream: stored, resumable, on any instance. */
@Injectable()
export class StreamSessionOutbox extends TaskSessionOutbox {
  constructor(
    private readonly hub: StreamHub,
    private readonly clientRequests: ClientRequests,
  ) {
    super();
  }

  notify(sessionId: string, message: Record<string, unknown>): Promise<unknown> {
    return this.hub.emit(standaloneStreamId(sessionId), message);
  }

  request(sessionId: string, method: string, params: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, unknown>> {
    return this.clientRequests.send(sessionId, standaloneStreamId(sessionId), method, params, signal);
  }
}

import { createHash } from 'node:crypto';
import { parseEventId } from '../../stores/mcp-event.store.js';
import { randomId } from '../../sessions/random-id.js';

/** A short tag derived from a session id, so stream ids say which session they belong to without revealing it. */
function sessionTag(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url').slice(0, 16);
}

/** A new, unguessable stream id bound to a session: `<sessionTag>~<random>`. */
export function newStreamId(sessionId: string): string {
  return `${sessionTag(sessionId)}~${randomId(12)}`;
}

/** The id of a session's standalone (GET) stream: stable for the session's life. */
export function standaloneStreamId(sessionId: string): string {
  return `${sessionTag(sessionId)}~standalone`;
}

/**
 * Reads a `Last-Event-ID` header: the stream and sequence it points at, when it is an id this server issued for a
 * stream of this session. Anything else (tampered, another session's, malformed) is `undefined`.
 */
export function parseResumePoint(lastEventId: string, sessionId: string): { streamId: string; sequence: number } | undefined {
  const parsed = parseEventId(lastEventId);
  return parsed && parsed.streamId.startsWith(`${sessionTag(sessionId)}~`) ? parsed : undefined;
}

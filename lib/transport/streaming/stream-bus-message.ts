import type { McpStoredEvent } from '../../stores/mcp-event.store.js';

/**
 * What travels on the bus for a stream: a batch of events, its end, or the news that another instance took its
 * connection over; or a broadcast: one message stored in many streams, with its event id in each.
 */
export type StreamBusMessage =
  | { streamId: string; events: McpStoredEvent[]; origin: string }
  | { streamId: string; end: true }
  | { streamId: string; attachedBy: string; sessionId: string }
  | { broadcast: unknown; ids: string[]; origin: string };

import type { McpWire, McpWireCodec } from './mcp-wire.codec.js';
import { STATEFUL_CODEC } from './stateful.codec.js';
import { STATELESS_CODEC } from './stateless.codec.js';

/** Every wire codec, in the order the dispatcher builds its method tables. */
export const WIRE_CODECS: readonly McpWireCodec[] = [STATEFUL_CODEC, STATELESS_CODEC];

/** The codec of a stored wire name (a task record's `wire`). */
export function codecOf(wire: McpWire): McpWireCodec {
  return wire === STATELESS_CODEC.wire ? STATELESS_CODEC : STATEFUL_CODEC;
}

import { selectCodec } from './wire-selector.js';

const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };

describe('selectCodec', () => {
  it.each([
    ['a session header', { 'mcp-session-id': 's' }, { method: 'tools/list', params: { _meta: meta } }, 'stateful'],
    ['initialize without _meta', {}, { method: 'initialize', params: {} }, 'stateful'],
    ['initialize with a 2025 header', { 'mcp-protocol-version': '2025-11-25' }, { method: 'initialize', params: {} }, 'stateful'],
    ['initialize with 2026 _meta', { 'mcp-protocol-version': '2026-07-28' }, { method: 'initialize', params: { _meta: meta } }, 'stateless'],
    ['a 2026 header without _meta', { 'mcp-protocol-version': '2026-07-28' }, { method: 'server/discover', params: {} }, 'stateless'],
    ['an unknown version header', { 'mcp-protocol-version': 'v999.0.0' }, { method: 'tools/list' }, 'stateless'],
    ['_meta without a header', {}, { method: 'tools/list', params: { _meta: meta } }, 'stateless'],
    ['no session, no header, no _meta', {}, { method: 'tools/list' }, 'stateful'],
  ])('%s → %s', (_label, headers, message, wire) => {
    expect(selectCodec(headers, message).wire).toBe(wire);
  });
});

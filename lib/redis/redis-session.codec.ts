import type { McpSessionPatch } from '../stores/mcp-session.store.js';
import type { McpSession } from '../stores/mcp-session.js';

/** Hash field of the parts of a session fixed at `initialize`, as one JSON object. */
const FIXED_FIELD = 'fixed';
/** Hash field of `initialized`: `'1'` or `'0'`. */
const INITIALIZED_FIELD = 'initialized';
/** Hash field of `logLevel`, absent until `logging/setLevel`. */
const LOG_LEVEL_FIELD = 'logLevel';

/** Prefix of the hash fields that hold subscribed URIs, one field per URI (no other field starts with it). */
export const SUBSCRIPTION_FIELD_PREFIX = 'sub:';

type FixedPart = Pick<McpSession, 'id' | 'protocolVersion' | 'clientInfo' | 'clientCapabilities' | 'createdAt' | 'owner'>;

/** A session as flat hash field/value pairs, ready for `HSET`. */
export function encodeSession(session: McpSession): string[] {
  const fixed: FixedPart = {
    id: session.id,
    protocolVersion: session.protocolVersion,
    clientInfo: session.clientInfo,
    clientCapabilities: session.clientCapabilities,
    createdAt: session.createdAt,
    ...(session.owner !== undefined ? { owner: session.owner } : {}),
  };
  const pairs = [FIXED_FIELD, JSON.stringify(fixed), INITIALIZED_FIELD, session.initialized ? '1' : '0'];
  if (session.logLevel) pairs.push(LOG_LEVEL_FIELD, session.logLevel);
  for (const uri of session.subscriptions) pairs.push(SUBSCRIPTION_FIELD_PREFIX + uri, '1');
  return pairs;
}

/** Field/value pairs that set the given fields; an empty value stands for a field to delete. */
export function encodeSessionPatch(fields: McpSessionPatch): string[] {
  const pairs: string[] = [];
  if ('initialized' in fields) pairs.push(INITIALIZED_FIELD, fields.initialized ? '1' : '0');
  if ('logLevel' in fields) pairs.push(LOG_LEVEL_FIELD, fields.logLevel ?? '');
  return pairs;
}

/** The session from `HGETALL`'s flat field/value list. Subscriptions come in the hash's order. */
export function decodeSession(flat: readonly string[]): McpSession {
  let fixed: FixedPart | undefined;
  let initialized = false;
  let logLevel: McpSession['logLevel'];
  const subscriptions: string[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const field = flat[i]!;
    if (field === FIXED_FIELD) fixed = JSON.parse(flat[i + 1]!) as FixedPart;
    else if (field === INITIALIZED_FIELD) initialized = flat[i + 1] === '1';
    else if (field === LOG_LEVEL_FIELD) logLevel = flat[i + 1] as McpSession['logLevel'];
    else if (field.startsWith(SUBSCRIPTION_FIELD_PREFIX)) subscriptions.push(field.slice(SUBSCRIPTION_FIELD_PREFIX.length));
  }
  return { ...fixed!, initialized, ...(logLevel ? { logLevel } : {}), subscriptions };
}

import type { JsonRpcId } from './json-rpc.types.js';

/** Whether `message` is the JSON-RPC response (result or error) to request `id`: a message with that id and no method. */
export function isResponseTo(message: unknown, id: JsonRpcId): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const candidate = message as { id?: unknown; method?: unknown };
  return candidate.id === id && candidate.method === undefined;
}

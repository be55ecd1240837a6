import { McpStoreContractError } from '../errors/mcp-store-contract.error.js';
import type { McpEventStore } from './mcp-event.store.js';

/** The methods of {@link McpEventStore} without a default: every event store implements them. */
const REQUIRED_METHODS = ['append', 'end', 'replay', 'enlist', 'delist', 'members'] as const;

/**
 * Returns `store` when it implements every method {@link McpEventStore} requires; else throws
 * {@link McpStoreContractError} naming the missing ones. Run at bootstrap on the store the module uses, so an event
 * store written before broadcast membership moved into the store (`enlist`, `delist`, `members`) fails at once and
 * says what to do, rather than failing at the first GET stream or list change.
 *
 * The membership methods have no default on purpose: one kept in the process would be silently wrong for a store
 * several instances share (a broadcast would miss every GET stream attached elsewhere).
 */
export function checkedEventStore<T extends McpEventStore>(store: T): T {
  const missing = REQUIRED_METHODS.filter((name) => typeof (store as unknown as Record<string, unknown>)[name] !== 'function');
  if (missing.length === 0) return store;
  throw new McpStoreContractError(
    store.constructor.name,
    missing,
    'McpEventStore requires them: enlist(), delist() and members() keep which GET streams receive list changes and ' +
      'resource updates, shared by every instance using the store. Implement them where every instance reads them; ' +
      'for a store that one instance alone uses, delegate them to MemoryBroadcastMembership (from "nestjs-mcp"). ' +
      'See docs/scaling.md, "Your own event store: broadcast membership".',
  );
}

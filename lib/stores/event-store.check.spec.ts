import { McpStoreContractError } from '../errors/mcp-store-contract.error.js';
import { resolveMcpOptions } from '../mcp-options.resolver.js';
import { checkedEventStore } from './event-store.check.js';
import { preMembershipEventStore, SingleInstanceEventStore } from '../../test/fixtures/pre-membership-event-store.fixture.js';
import { MemoryEventStore } from './memory/memory-event.store.js';

const options = resolveMcpOptions({}, 'mcp', {});

describe('checkedEventStore', () => {
  it('refuses an event store without enlist, delist and members, naming the store, the methods and the docs', () => {
    const legacy = preMembershipEventStore();
    let thrown: unknown;
    try {
      checkedEventStore(legacy);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(McpStoreContractError);
    expect((thrown as McpStoreContractError).missing).toEqual(['enlist', 'delist', 'members']);
    expect((thrown as Error).message).toMatch(/^The store "PreMembershipEventStore" does not implement enlist\(\), delist\(\), members\(\)\. /);
    expect((thrown as Error).message).toContain('delegate them to MemoryBroadcastMembership');
    expect((thrown as Error).message).toContain('docs/scaling.md');
  });

  it('returns a complete store as it is: the memory store, and a store completed with MemoryBroadcastMembership', () => {
    const memory = new MemoryEventStore(options);
    const completed = new SingleInstanceEventStore();
    expect(checkedEventStore(memory)).toBe(memory);
    expect(checkedEventStore(completed)).toBe(completed);
    memory.onModuleDestroy();
  });
});

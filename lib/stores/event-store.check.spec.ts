import { McpStoreContractError } from '../errors/mcp-store-contract.error.js';
import { resolveMcpOptions } from '../mcp-options.resolver.js';
import { checkedEventStore } from './event-store.check.js';
import { McpEventStore, type McpBroadcastMember, type McpStoredEvent, type McpStreamReplay } from './mcp-event.store.js';
import { MemoryBroadcastMembership } from './memory/memory-broadcast-membership.js';
import { MemoryEventStore } from './memory/memory-event.store.js';

const options = resolveMcpOptions({}, 'mcp', {});

/** An event store written before broadcast membership: append, end and replay only (`abstract` only for the compiler: compiled, it is a plain class). */
abstract class PreMembershipEventStore extends McpEventStore {
  private readonly log = new MemoryEventStore(options);
  append(streamId: string, message: unknown): Promise<McpStoredEvent> {
    return this.log.append(streamId, message);
  }
  end(streamId: string): Promise<void> {
    return this.log.end(streamId);
  }
  replay(streamId: string, after: number): Promise<McpStreamReplay | undefined> {
    return this.log.replay(streamId, after);
  }
}

/** The same store, completed for one instance with MemoryBroadcastMembership. */
class SingleInstanceEventStore extends PreMembershipEventStore {
  private readonly membership = new MemoryBroadcastMembership();
  enlist(member: McpBroadcastMember, ttlMs: number): Promise<void> {
    return this.membership.enlist(member, ttlMs);
  }
  delist(member: McpBroadcastMember): Promise<void> {
    return this.membership.delist(member);
  }
  members(): Promise<McpBroadcastMember[]> {
    return this.membership.members();
  }
}

describe('checkedEventStore', () => {
  it('refuses an event store without enlist, delist and members, naming the store, the methods and the docs', () => {
    const legacy = new (PreMembershipEventStore as unknown as new () => McpEventStore)();
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

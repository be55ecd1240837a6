import { resolveMcpOptions } from '../../mcp-options.resolver.js';
import { describeEventStoreContract, type EventStoreContractLimits } from '../../testing/index.js';
import { McpEventStore, type McpBroadcastMember, type McpStoredEvent, type McpStreamReplay } from '../mcp-event.store.js';
import { MemoryBroadcastMembership } from './memory-broadcast-membership.js';
import { MemoryEventStore } from './memory-event.store.js';

/**
 * A third-party store of one instance: its own event log (here the memory store's, standing for any storage), and
 * broadcast membership delegated to MemoryBroadcastMembership. It must pass the whole event store contract.
 */
class DelegatingEventStore extends McpEventStore {
  private readonly log: MemoryEventStore;
  private readonly membership = new MemoryBroadcastMembership();

  constructor(limits: EventStoreContractLimits) {
    super();
    this.log = new MemoryEventStore(resolveMcpOptions({ streams: limits }, 'mcp', {}));
  }
  append(streamId: string, message: unknown): Promise<McpStoredEvent> {
    return this.log.append(streamId, message);
  }
  end(streamId: string): Promise<void> {
    return this.log.end(streamId);
  }
  replay(streamId: string, after: number): Promise<McpStreamReplay | undefined> {
    return this.log.replay(streamId, after);
  }
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

describeEventStoreContract('A store delegating membership to MemoryBroadcastMembership', (limits) => new DelegatingEventStore(limits));

describe('MemoryBroadcastMembership', () => {
  it('forgets expired members when swept, keeping the live ones', async () => {
    const membership = new MemoryBroadcastMembership();
    await membership.enlist({ streamId: 'a~standalone', sessionId: 'a' }, 60_000);
    await membership.enlist({ streamId: 'b~standalone', sessionId: 'b' }, 1);
    membership.sweep(Date.now() + 1_000);
    expect(await membership.members()).toEqual([{ streamId: 'a~standalone', sessionId: 'a' }]);
  });
});

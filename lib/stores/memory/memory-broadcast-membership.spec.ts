import { SingleInstanceEventStore } from '../../../test/fixtures/pre-membership-event-store.fixture.js';
import { describeEventStoreContract } from '../../testing/index.js';
import { MemoryBroadcastMembership } from './memory-broadcast-membership.js';

// A third-party store of one instance (its own log, membership delegated to MemoryBroadcastMembership) must pass the
// whole event store contract.
describeEventStoreContract('A store delegating membership to MemoryBroadcastMembership', (limits) => new SingleInstanceEventStore(limits));

describe('MemoryBroadcastMembership', () => {
  it('forgets expired members when swept, keeping the live ones', async () => {
    const membership = new MemoryBroadcastMembership();
    await membership.enlist({ streamId: 'a~standalone', sessionId: 'a' }, 60_000);
    await membership.enlist({ streamId: 'b~standalone', sessionId: 'b' }, 1);
    membership.sweep(Date.now() + 1_000);
    expect(await membership.members()).toEqual([{ streamId: 'a~standalone', sessionId: 'a' }]);
  });
});

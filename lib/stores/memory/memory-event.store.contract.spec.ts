import { resolveMcpOptions } from '../../mcp-options.resolver.js';
import { describeEventStoreContract } from '../../testing/index.js';
import { MemoryEventStore } from './memory-event.store.js';

describeEventStoreContract('MemoryEventStore', (limits) => new MemoryEventStore(resolveMcpOptions({ streams: limits }, 'mcp', {})));

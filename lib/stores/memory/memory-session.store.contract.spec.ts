import { describeSessionStoreContract } from '../../testing/index.js';
import { MemorySessionStore } from './memory-session.store.js';

describeSessionStoreContract('MemorySessionStore', () => new MemorySessionStore());

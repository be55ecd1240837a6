import { describeTaskStoreContract } from '../../testing/index.js';
import { MemoryTaskStore } from './memory-task.store.js';

describeTaskStoreContract('MemoryTaskStore', () => new MemoryTaskStore());

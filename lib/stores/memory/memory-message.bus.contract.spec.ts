import { describeMessageBusContract } from '../../testing/index.js';
import { MemoryMessageBus } from './memory-message.bus.js';

describeMessageBusContract('MemoryMessageBus', () => new MemoryMessageBus());

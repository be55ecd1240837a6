import { describeInstanceRegistryContract } from '../../testing/index.js';
import { MemoryInstanceRegistry } from './memory-instance-registry.js';

describeInstanceRegistryContract('MemoryInstanceRegistry', ({ heartbeatMs, leaseMs }) => new MemoryInstanceRegistry(heartbeatMs, leaseMs));

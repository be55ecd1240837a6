import { MemoryInstanceRegistry } from '../stores/memory/memory-instance-registry.js';
import { InstanceHeartbeat } from './instance-heartbeat.js';
import { InstanceLiveness } from './instance-liveness.js';

describe('InstanceLiveness', () => {
  const heartbeatMs = 100;
  let registry: MemoryInstanceRegistry;
  let liveness: InstanceLiveness;
  let self: InstanceHeartbeat;

  beforeEach(() => {
    registry = new MemoryInstanceRegistry(heartbeatMs, heartbeatMs * 3);
    self = new InstanceHeartbeat(registry);
    liveness = new InstanceLiveness(registry, self);
  });

  it('takes an instance whose lease is missing a heartbeat apart for dead, and one that renews it for alive', async () => {
    await registry.beat('renewing');
    expect(await liveness.isDead('renewing')).toBe(false);
    expect(await liveness.isDead('never-beat')).toBe(true);
    // Known missing already: no second wait.
    expect(await liveness.isDead('never-beat')).toBe(true);
  });

  it('does not take a lease that vanished and was renewed within a heartbeat for a death', async () => {
    const renewed = liveness.isDead('flickering');
    setTimeout(() => void registry.beat('flickering'), heartbeatMs / 2);
    expect(await renewed).toBe(false);
    // Seen alive again: a later lapse starts a new heartbeat's wait.
    await new Promise((resolve) => setTimeout(resolve, heartbeatMs * 4));
    expect(await liveness.isDead('flickering')).toBe(true);
  });

  it('never takes this instance for dead', async () => {
    expect(await liveness.isDead(self.instanceId)).toBe(false);
  });
});

import type { McpInstanceRegistry } from '../stores/mcp-instance-registry.js';
import { contractTestApi, sleep, storeMaker, type StoreContractFactory } from './contract-test-api.js';

/** The timings a registry under test must use. */
export interface InstanceRegistryContractTimings {
  /** How often instances beat, in milliseconds (the registry's `heartbeatMs`). */
  heartbeatMs: number;
  /** How long a beat keeps an instance alive, in milliseconds. */
  leaseMs: number;
}

/** Options of {@link describeInstanceRegistryContract}. */
export interface InstanceRegistryContractSuiteOptions {
  /**
   * Whether the registry keeps stream producers (a registry shared by several instances must). False for a
   * registry of one process, which may keep none.
   * @default false
   */
  keepsProducers?: boolean;
}

/**
 * Defines the behavioural contract of {@link McpInstanceRegistry} as Jest/Vitest tests: an instance is alive from
 * its beat until its lease lapses, beats keep it alive, and (with `keepsProducers`) a stream's producer is kept and
 * exactly one of several concurrent callers claims its orphaned stream. The lease tests wait in real time (about 2 s).
 *
 * @example
 * ```ts
 * describeInstanceRegistryContract('DbInstanceRegistry', (timings) => new DbInstanceRegistry(freshDatabase(), timings), {
 *   keepsProducers: true,
 * });
 * ```
 */
export function describeInstanceRegistryContract(
  name: string,
  factory: StoreContractFactory<McpInstanceRegistry, InstanceRegistryContractTimings>,
  suiteOptions: InstanceRegistryContractSuiteOptions = {},
): void {
  const api = contractTestApi('describeInstanceRegistryContract');
  const { describe, it, expect } = api;
  const timings: InstanceRegistryContractTimings = { heartbeatMs: 100, leaseMs: 400 };

  describe(`${name} (McpInstanceRegistry contract)`, () => {
    const createRegistry = storeMaker(api, factory);

    it('counts an instance alive from its beat until its lease lapses, and an unknown one dead', async () => {
      const registry = await createRegistry(timings);
      expect(registry.heartbeatMs).toBe(timings.heartbeatMs);
      expect(await registry.isAlive('never-beat')).toBe(false);
      await registry.beat('instance-1');
      expect(await registry.isAlive('instance-1')).toBe(true);
      expect(await registry.isAlive('instance-2')).toBe(false);
      await sleep(timings.leaseMs + 300);
      expect(await registry.isAlive('instance-1')).toBe(false);
    });

    it('keeps an instance that beats every heartbeat alive past its lease', async () => {
      const registry = await createRegistry(timings);
      let checked = 0;
      for (let elapsed = 0; elapsed < timings.leaseMs * 3; elapsed += timings.heartbeatMs) {
        const beganBeat = Date.now();
        await registry.beat('steady');
        await sleep(timings.heartbeatMs);
        const alive = await registry.isAlive('steady');
        // The promise holds while beats come within the lease; a machine that stalled this test for a whole lease
        // (a loaded CI runner) proves nothing either way.
        if (Date.now() - beganBeat < timings.leaseMs) {
          expect(alive).toBe(true);
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });

    if (suiteOptions.keepsProducers) {
      it("keeps a stream's producer and its request id, string or number", async () => {
        const registry = await createRegistry(timings);
        await registry.recordStream('stream-1', { instanceId: 'instance-1', requestId: 7 });
        await registry.recordStream('stream-2', { instanceId: 'instance-2', requestId: '7' });
        expect(await registry.producerOf('stream-1')).toEqual({ instanceId: 'instance-1', requestId: 7 });
        expect(await registry.producerOf('stream-2')).toEqual({ instanceId: 'instance-2', requestId: '7' });
        expect(await registry.producerOf('stream-3')).toBeUndefined();
      });

      it('lets exactly one of several concurrent callers claim an orphaned stream, once', async () => {
        const registry = await createRegistry(timings);
        await registry.recordStream('orphan', { instanceId: 'dead', requestId: 1 });
        const claims = await Promise.all(Array.from({ length: 10 }, () => registry.claimOrphan('orphan')));
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await registry.claimOrphan('orphan')).toBe(false);
        // Recording the producer again (a renewal) does not reopen the claim.
        await registry.recordStream('orphan', { instanceId: 'dead', requestId: 1 });
        expect(await registry.claimOrphan('orphan')).toBe(false);
      });
    }
  });
}

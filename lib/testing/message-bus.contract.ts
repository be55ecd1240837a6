import { McpBusTopic, type McpMessageBus } from '../stores/mcp-message.bus.js';
import { contractTestApi, eventually, sleep, storeMaker, type StoreContractFactory } from './contract-test-api.js';

/** What a suite asks of a bus factory. */
export interface MessageBusContractOptions {
  /**
   * Buses created with the same `deployment` in one test stand for instances of one deployment: they must share
   * messages (when the suite runs with `crossInstance`). Different values must not see each other's messages.
   */
  deployment: string;
}

/** Options of {@link describeMessageBusContract}. */
export interface MessageBusContractSuiteOptions {
  /**
   * Whether two buses from the factory (same `deployment`) deliver each other's messages, as buses of separate
   * instances do. False for an in-process bus.
   * @default false
   */
  crossInstance?: boolean;
}

/**
 * Defines the behavioural contract of {@link McpMessageBus} as Jest/Vitest tests: every subscriber receives every
 * message published after it subscribed, in publish order, as equal JSON values; topics are separate;
 * unsubscribing stops delivery; and, with `crossInstance`, buses of one deployment reach each other.
 *
 * @example
 * ```ts
 * describeMessageBusContract('MyBus', ({ deployment }) => new MyBus(freshClient(deployment)), { crossInstance: true });
 * ```
 */
export function describeMessageBusContract(
  name: string,
  factory: StoreContractFactory<McpMessageBus, MessageBusContractOptions>,
  suiteOptions: MessageBusContractSuiteOptions = {},
): void {
  const api = contractTestApi('describeMessageBusContract');
  const { describe, it, expect } = api;

  describe(`${name} (McpMessageBus contract)`, () => {
    const createBus = storeMaker(api, factory);
    let deployments = 0;
    const deployment = () => `d${++deployments}`;

    it('delivers every message published after subscribing, in publish order, as equal JSON values', async () => {
      const bus = await createBus({ deployment: deployment() });
      const received: unknown[] = [];
      await bus.subscribe(McpBusTopic.STREAM, (message) => received.push(message));
      const sent = Array.from({ length: 50 }, (_, index) => ({ index, nested: { text: `é ${index}`, list: [index, null] } }));
      await Promise.all(sent.map((message) => bus.publish(McpBusTopic.STREAM, message)));
      await bus.publish(McpBusTopic.STREAM, 'a string');
      await bus.publish(McpBusTopic.STREAM, null);
      await eventually(() => received.length >= 52, 'Not every message arrived');
      expect(received).toEqual([...sent, 'a string', null]);
    });

    it('delivers to every subscriber of a topic, and only of that topic', async () => {
      const bus = await createBus({ deployment: deployment() });
      const first: unknown[] = [];
      const second: unknown[] = [];
      const other: unknown[] = [];
      await bus.subscribe(McpBusTopic.CANCEL, (message) => first.push(message));
      await bus.subscribe(McpBusTopic.CANCEL, (message) => second.push(message));
      await bus.subscribe(McpBusTopic.BROADCAST, (message) => other.push(message));
      await bus.publish(McpBusTopic.CANCEL, { requestId: 1 });
      await bus.publish(McpBusTopic.BROADCAST, { method: 'b' });
      await eventually(() => first.length === 1 && second.length === 1 && other.length === 1, 'A subscriber missed its message');
      await sleep(50);
      expect(first).toEqual([{ requestId: 1 }]);
      expect(second).toEqual([{ requestId: 1 }]);
      expect(other).toEqual([{ method: 'b' }]);
    });

    it('stops delivering to a subscriber that unsubscribed, and only to it', async () => {
      const bus = await createBus({ deployment: deployment() });
      const leaving: unknown[] = [];
      const staying: unknown[] = [];
      const unsubscribe = await bus.subscribe(McpBusTopic.TASK, (message) => leaving.push(message));
      await bus.subscribe(McpBusTopic.TASK, (message) => staying.push(message));
      await bus.publish(McpBusTopic.TASK, 1);
      await eventually(() => leaving.length === 1 && staying.length === 1, 'The first message did not arrive');
      await unsubscribe();
      await unsubscribe();
      await bus.publish(McpBusTopic.TASK, 2);
      await eventually(() => staying.length === 2, 'The remaining subscriber missed a message');
      await sleep(50);
      expect(leaving).toEqual([1]);
      expect(staying).toEqual([1, 2]);
    });

    it('does not deliver messages published before subscribing', async () => {
      const bus = await createBus({ deployment: deployment() });
      await bus.publish(McpBusTopic.CLIENT_RESPONSE, 'early');
      const received: unknown[] = [];
      await bus.subscribe(McpBusTopic.CLIENT_RESPONSE, (message) => received.push(message));
      await bus.publish(McpBusTopic.CLIENT_RESPONSE, 'late');
      await eventually(() => received.length === 1, 'The message did not arrive');
      await sleep(50);
      expect(received).toEqual(['late']);
    });

    if (suiteOptions.crossInstance) {
      it('carries messages between instances of one deployment, in each publisher’s order, and not to others', async () => {
        const shared = deployment();
        const [a, b, stranger] = await Promise.all([
          createBus({ deployment: shared }),
          createBus({ deployment: shared }),
          createBus({ deployment: deployment() }),
        ]);
        const onA: unknown[] = [];
        const onB: unknown[] = [];
        const onStranger: unknown[] = [];
        await a.subscribe(McpBusTopic.STREAM, (message) => onA.push(message));
        await b.subscribe(McpBusTopic.STREAM, (message) => onB.push(message));
        await stranger.subscribe(McpBusTopic.STREAM, (message) => onStranger.push(message));
        const fromA = Array.from({ length: 20 }, (_, index) => `a${index}`);
        const fromB = Array.from({ length: 20 }, (_, index) => `b${index}`);
        await Promise.all([...fromA.map((m) => a.publish(McpBusTopic.STREAM, m)), ...fromB.map((m) => b.publish(McpBusTopic.STREAM, m))]);
        await eventually(() => onA.length === 40 && onB.length === 40, 'Not every message crossed instances');
        for (const received of [onA, onB]) {
          expect(received.filter((m) => String(m).startsWith('a'))).toEqual(fromA);
          expect(received.filter((m) => String(m).startsWith('b'))).toEqual(fromB);
        }
        await sleep(50);
        expect(onStranger).toEqual([]);
      });
    }
  });
}

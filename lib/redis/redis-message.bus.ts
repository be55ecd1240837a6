import { Logger } from '@nestjs/common';
import { Cluster } from 'ioredis';
import { McpMessageBus, type McpBusTopicName } from '../stores/mcp-message.bus.js';
import type { McpRedisClient, McpRedisConnection } from './mcp-redis.connection.js';
import { RedisScript } from './redis-script.js';

type Handler = (message: unknown) => void;

/**
 * KEYS: the channel's name (for routing only). ARGV: channel, payload. On Redis Cluster a plain PUBLISH goes to any
 * node, so two publications could reach subscribers out of order; a script keyed by the channel always runs on
 * the node of the channel's slot, which forwards its publications in order.
 */
const PUBLISH_ON_CHANNEL_NODE = new RedisScript(`return redis.call('PUBLISH', ARGV[1], ARGV[2])`);

/**
 * The message bus over Redis pub/sub: one channel per topic (`<prefix>bus:<topic>`), JSON payloads. Messages are
 * published on the command connection and received on a dedicated subscriber connection (a connection in subscribe
 * mode cannot run other commands), which subscribes to a channel once however many local handlers it has.
 * Redis delivers a connection's publications in order, so each publisher's messages arrive in publish order. On Redis
 * Cluster, each channel's messages are published through the node that serves the channel's slot, for the same order.
 * Delivery is at most once: what is published while an instance is disconnected is lost to it.
 * Create one bus per {@link McpRedisConnection}: the bus manages the subscriber connection's subscriptions.
 */
export class RedisMessageBus extends McpMessageBus {
  private readonly logger = new Logger('McpRedisBus');
  /** Local handlers by channel. */
  private readonly handlers = new Map<string, Set<Handler>>();
  private listening?: Promise<McpRedisClient>;

  constructor(private readonly connection: McpRedisConnection) {
    super();
  }

  publish(topic: McpBusTopicName, message: unknown): Promise<void> {
    const payload = JSON.stringify(message) ?? 'null';
    const channel = this.connection.keys.channel(topic);
    return this.connection.guard(async (client) => {
      if (client instanceof Cluster) await PUBLISH_ON_CHANNEL_NODE.run(client, [channel], [channel, payload]);
      else await client.publish(channel, payload);
    });
  }

  async subscribe(topic: McpBusTopicName, handler: Handler): Promise<() => Promise<void>> {
    const channel = this.connection.keys.channel(topic);
    const subscriber = await this.subscriber();
    let handlers = this.handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(channel, handlers);
    }
    handlers.add(handler);
    try {
      // Every caller waits for the SUBSCRIBE reply, so it receives whatever is published after it resolves.
      await this.connection.guard(() => subscriber.subscribe(channel));
    } catch (error) {
      this.remove(channel, handler);
      throw error;
    }
    return async () => {
      if (this.remove(channel, handler)) {
        await this.connection.guard(() => subscriber.unsubscribe(channel)).catch(() => undefined);
      }
    };
  }

  /** Forgets a handler; returns whether it was the channel's last one. */
  private remove(channel: string, handler: Handler): boolean {
    const handlers = this.handlers.get(channel);
    if (!handlers?.delete(handler) || handlers.size > 0) return false;
    this.handlers.delete(channel);
    return true;
  }

  private subscriber(): Promise<McpRedisClient> {
    this.listening ??= this.connection.subscriber().then((subscriber) => {
      subscriber.on('message', (channel: string, payload: string) => this.dispatch(channel, payload));
      return subscriber;
    });
    return this.listening;
  }

  private dispatch(channel: string, payload: string): void {
    const handlers = this.handlers.get(channel);
    if (!handlers) return;
    let message: unknown;
    try {
      message = JSON.parse(payload);
    } catch {
      this.logger.warn(`Dropped a message on "${channel}" that is not JSON.`);
      return;
    }
    for (const handler of [...handlers]) {
      try {
        handler(message);
      } catch (error) {
        this.logger.error(`A handler of "${channel}" failed: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  }
}

import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import { McpMessageBus, type McpBusTopicName } from '../mcp-message.bus.js';

/** The default bus: an in-process event emitter. Messages are delivered synchronously, in publish order. */
@Injectable()
export class MemoryMessageBus extends McpMessageBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(topic: McpBusTopicName, message: unknown): Promise<void> {
    this.emitter.emit(topic, message);
  }

  async subscribe(topic: McpBusTopicName, handler: (message: unknown) => void): Promise<() => Promise<void>> {
    this.emitter.on(topic, handler);
    return async () => {
      this.emitter.off(topic, handler);
    };
  }
}

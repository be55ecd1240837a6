import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import {
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { McpCtx, McpModule, McpRegistry, McpResource, McpTool, type McpContext } from 'nestjs-mcp';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

@Injectable()
class Waiter {
  aborted: Promise<string>;
  private markAborted!: (reason: string) => void;

  constructor() {
    this.aborted = new Promise((resolve) => (this.markAborted = resolve));
  }

  @McpTool({ description: 'Waits until cancelled' })
  async wait(@McpCtx() ctx: McpContext) {
    await ctx.reportProgress(1);
    await new Promise<void>((resolve) => {
      ctx.signal.addEventListener('abort', () => {
        this.markAborted(String((ctx.signal.reason as Error)?.message));
        resolve();
      });
    });
    return 'cancelled';
  }

  @McpResource({ uri: 'test://counter', mimeType: 'text/plain' })
  counter() {
    return '1';
  }
}

function nextNotification<T>(register: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise((resolve) => register(resolve));
}

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);

  describe('server notifications and cancellation', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({ imports: [McpModule.forRoot({ name: 'notify' })], providers: [Waiter] });
    });
    afterAll(() => running.close());

    it('aborts the handler signal when the client cancels the call', async () => {
      const client = await running.connect();
      const controller = new AbortController();
      const call = client.callTool({ name: 'wait', arguments: {} }, undefined, {
        signal: controller.signal,
        onprogress: () => controller.abort('user gave up'),
      });
      await expect(call).rejects.toThrow();
      await expect(running.app.get(Waiter).aborted).resolves.toContain('user gave up');
      await client.close();
    });

    it('tells connected clients when a tool is registered at run time', async () => {
      const client = await running.connect();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const changed = nextNotification<void>((resolve) =>
        client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
      );
      running.app.get(McpRegistry).addTool({ name: 'late_tool', description: 'Arrived late', handler: () => 'late' });
      await changed;
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('late_tool');
      running.app.get(McpRegistry).removeTool('late_tool');
      await client.close();
    });

    it('sends resource updates only to sessions subscribed to the resource', async () => {
      const subscriber = await running.connect();
      const bystander = await running.connect();
      await subscriber.subscribeResource({ uri: 'test://counter' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const bystanderUpdates: string[] = [];
      bystander.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
        bystanderUpdates.push(notification.params.uri);
      });
      const updated = nextNotification<string>((resolve) =>
        subscriber.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) =>
          resolve(notification.params.uri),
        ),
      );
      running.app.get(McpRegistry).notifyResourceUpdated('test://counter');
      await expect(updated).resolves.toBe('test://counter');
      await subscriber.unsubscribeResource({ uri: 'test://counter' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(bystanderUpdates).toEqual([]);
      await subscriber.close();
      await bystander.close();
    });
  });
});

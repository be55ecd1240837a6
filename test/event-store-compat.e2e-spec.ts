import 'reflect-metadata';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  MCP_STORE_OVERRIDES,
  McpEventStore,
  McpModule,
  McpRegistry,
  McpStoreContractError,
} from 'nestjs-mcp';
import { preMembershipEventStore, SingleInstanceEventStore } from './fixtures/pre-membership-event-store.fixture.js';
import { pollUntil } from './utils/poll.js';
import { PLATFORMS, startAppOn } from './utils/start-app.js';

/** A global module that gives McpModule `events` in place of its memory store, as a third-party package would. */
function storesModule(events: McpEventStore): DynamicModule {
  @Global()
  @Module({})
  class ThirdPartyStoresModule {}
  return { module: ThirdPartyStoresModule, providers: [{ provide: MCP_STORE_OVERRIDES, useValue: { events } }], exports: [MCP_STORE_OVERRIDES] };
}

describe.each(PLATFORMS)('A third-party event store (%s)', (platform) => {
  const start = startAppOn(platform);

  it('without enlist, delist and members fails at bootstrap, naming the store, the methods and the docs', async () => {
    const legacy = preMembershipEventStore();
    const booting = start({ imports: [storesModule(legacy), McpModule.forRoot({ name: 'legacy-store' })] });
    await expect(booting).rejects.toThrow(McpStoreContractError);
    await expect(booting).rejects.toThrow('The store "PreMembershipEventStore" does not implement enlist(), delist(), members().');
    await expect(booting).rejects.toThrow('docs/scaling.md');
  });

  it('completed with MemoryBroadcastMembership, serves and delivers list changes to the session GET stream', async () => {
    const store = new SingleInstanceEventStore();
    const app = await start({ imports: [storesModule(store), McpModule.forRoot({ name: 'single-instance-store' })] });
    try {
      const client = await app.connect();
      await pollUntil(() => store.members(), (members) => members.length === 1, 'the GET stream enlisted');
      const changed = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
      app.app.get(McpRegistry).addTool({ name: 'late_tool', description: 'Arrived late', handler: () => 'late' });
      await changed;
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('late_tool');
    } finally {
      await app.close();
    }
  });
});

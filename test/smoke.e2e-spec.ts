import 'reflect-metadata';
import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { McpArgs, McpModule, McpTool } from 'nestjs-mcp';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

class GreetDto {
  name!: string;
}

@Injectable()
class GreeterService {
  @McpTool({ description: 'Greets someone' })
  greet(@McpArgs() args: GreetDto) {
    return `Hello, ${args.name}!`;
  }
}

@Controller('items')
class ItemsController {
  @Get(':id')
  @McpTool({ name: 'get_item' })
  findOne(@Param('id') id: string) {
    return { id, name: `Item ${id}` };
  }
}

describe.each(PLATFORMS)('on %s', (platform) => {
  const startApp = startAppOn(platform);

  describe('smoke', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({ imports: [McpModule.forRoot({ name: 'smoke' })], controllers: [ItemsController], providers: [GreeterService] });
    });
    afterAll(() => running.close());

    it('lists and calls tools with the SDK client', async () => {
      const client = await running.connect();
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(['get_item', 'greet']);
      const result = await client.callTool({ name: 'greet', arguments: { name: 'Ada' } });
      expect(result.content).toEqual([{ type: 'text', text: 'Hello, Ada!' }]);
      const item = await client.callTool({ name: 'get_item', arguments: { id: '7' } });
      expect(item.structuredContent).toEqual({ id: '7', name: 'Item 7' });
    });
  });
});

import 'reflect-metadata';
import { Controller, Get, Param } from '@nestjs/common';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { McpDefinitionError, McpModule, McpRegistry, McpTool } from 'nestjs-mcp';
import { startApp, type RunningApp } from './utils/start-app.js';
import { statelessRequest } from './utils/stateless.js';

@Controller('books')
class BooksController {
  @Get(':id')
  @McpTool({ description: 'Reads a book' })
  findOne(@Param('id') id: string) {
    return { id };
  }
}

const STATIC_DOCUMENT = {
  openapi: '3.0.0',
  info: { title: 'Library API', version: '4.5.6' },
  paths: { '/books/{id}': { get: { operationId: 'findOne', responses: { '200': { description: 'The book' } } } } },
};

describe('the OpenAPI document as a resource (option)', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({
      imports: [McpModule.forRoot({ openapi: { document: () => STATIC_DOCUMENT } })],
      controllers: [BooksController],
    });
  });
  afterAll(() => running.close());

  it('lists it and reads it as application/json on the 2025-11-25 wire', async () => {
    const client = await running.connect();
    const { resources } = await client.listResources();
    expect(resources).toContainEqual(
      expect.objectContaining({ uri: 'openapi://document', name: 'openapi', mimeType: 'application/json', title: 'Library API (OpenAPI)' }),
    );
    const read = await client.readResource({ uri: 'openapi://document' });
    expect(read.contents[0]).toMatchObject({ uri: 'openapi://document', mimeType: 'application/json' });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toEqual(STATIC_DOCUMENT);
  });

  it('reads it on the 2026-07-28 wire with the modern client', async () => {
    const modern = new ModernClient({ name: 'modern', version: '2.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await modern.connect(new ModernTransport(running.mcpUrl));
    try {
      const read = await modern.readResource({ uri: 'openapi://document' });
      expect(JSON.parse((read.contents[0] as { text: string }).text).info).toEqual(STATIC_DOCUMENT.info);
    } finally {
      await modern.close();
    }
  });

  it('takes serverInfo name and version from info when the options do not set them, on both wires', async () => {
    const client = await running.connect();
    expect(client.getServerVersion()).toMatchObject({ name: 'Library API', version: '4.5.6' });
    const discover = await statelessRequest(running.mcpUrl, 'server/discover');
    expect(discover.body.result._meta['io.modelcontextprotocol/serverInfo']).toMatchObject({ name: 'Library API', version: '4.5.6' });
  });
});

describe('the OpenAPI document set after bootstrap (McpRegistry.setOpenApiDocument)', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({
      imports: [McpModule.forRoot({ name: 'explicit-name', openapi: { uri: 'docs://openapi.json' } })],
      controllers: [BooksController],
    });
  });
  afterAll(() => running.close());

  it('serves the @nestjs/swagger document at the configured URI; explicit options win over info', async () => {
    const before = await running.connect();
    expect((await before.listResources()).resources.some((r) => r.uri === 'docs://openapi.json')).toBe(false);

    const config = new DocumentBuilder().setTitle('Books API').setVersion('2.3.0').build();
    const document = SwaggerModule.createDocument(running.app, config);
    running.app.get(McpRegistry).setOpenApiDocument(document);

    const client = await running.connect();
    expect(client.getServerVersion()).toMatchObject({ name: 'explicit-name', version: '2.3.0' });
    const read = await client.readResource({ uri: 'docs://openapi.json' });
    const served = JSON.parse((read.contents[0] as { text: string }).text);
    expect(served.info).toMatchObject({ title: 'Books API', version: '2.3.0' });
    expect(Object.keys(served.paths)).toEqual(['/books/{id}']);
  });

  it('replaces and removes the document', async () => {
    const registry = running.app.get(McpRegistry);
    registry.setOpenApiDocument({ openapi: '3.1.0', info: { title: 'Second', version: '9.9.9' }, paths: {} });
    const client = await running.connect();
    const read = await client.readResource({ uri: 'docs://openapi.json' });
    expect(JSON.parse((read.contents[0] as { text: string }).text).info.title).toBe('Second');
    expect((await client.listResources()).resources.filter((r) => r.uri === 'docs://openapi.json')).toHaveLength(1);

    registry.setOpenApiDocument(undefined);
    await expect(client.readResource({ uri: 'docs://openapi.json' })).rejects.toMatchObject({ code: -32002 });
    const after = await running.connect();
    expect(after.getServerVersion()?.version).not.toBe('9.9.9');
  });

  it('refuses a value that is not an OpenAPI document', () => {
    const registry = running.app.get(McpRegistry);
    expect(() => registry.setOpenApiDocument({ title: 'nope' })).toThrow(McpDefinitionError);
    expect(() => registry.setOpenApiDocument({ title: 'nope' })).toThrow(/not an OpenAPI document/);
  });
});

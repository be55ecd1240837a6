import 'reflect-metadata';
// The README's "Testing your MCP server" example, run against the sample app so it stays runnable.
import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import { McpTestClient } from 'nestjs-mcp/testing';
import { AppModule } from '../sample/app.module.js';

describe('notes over MCP', () => {
  let app: INestApplication;
  let mcp: McpTestClient;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    mcp = await McpTestClient.connect(app, { headers: { 'x-api-key': 'sample-key' } });
  });
  afterAll(async () => {
    await mcp?.close();
    await app?.close();
  });

  it('creates a note through the guarded route', async () => {
    const { value, isError } = await mcp.callTool('create_note', { title: 'Groceries' });
    expect(isError).toBe(false);
    expect(value).toMatchObject({ title: 'Groceries' });
  });

  it('refuses a caller with a wrong key', async () => {
    // Another key is another caller: the kit opens its own session, which the endpoint's guard refuses.
    await expect(mcp.callTool('create_note', { title: 'x' }, { headers: { 'x-api-key': 'nope' } })).rejects.toThrow(/authorization/);
  });
});

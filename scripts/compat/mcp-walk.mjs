import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const CLIENT_INFO = { name: 'nestjs-mcp-compat', version: '1.0.0' };

async function connect(url, headers) {
  const client = new Client(CLIENT_INFO);
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  return client;
}

/**
 * The scripted MCP walk every compat app must pass: initialize, tools/list, tools/call of guarded routes with a
 * validated DTO and a parse pipe, a refused call without the key, resources/read and prompts/get.
 * Returns the names of the steps that passed; throws on the first that does not.
 */
export async function runMcpWalk(url) {
  const steps = [];
  const client = await connect(url, { 'x-api-key': 'secret' });
  const anonymous = await connect(url, {});
  try {
    assert.equal(client.getServerVersion()?.name, 'compat-notes');
    steps.push('initialize');

    const { tools } = await client.listTools();
    const createNote = tools.find((tool) => tool.name === 'create_note');
    assert.ok(createNote, 'create_note is listed');
    assert.equal(createNote.inputSchema.properties?.title?.type, 'string');
    assert.ok(tools.some((tool) => tool.name === 'get_note'), 'get_note is listed');
    steps.push('tools/list');

    const created = await client.callTool({ name: 'create_note', arguments: { title: 'hello' } });
    assert.deepEqual(created.structuredContent, { created: 'hello', isDtoInstance: true });
    const invalid = await client.callTool({ name: 'create_note', arguments: { title: 'x'.repeat(30) } });
    assert.equal(invalid.isError, true, 'the global ValidationPipe rejects a too-long title');
    const fetched = await client.callTool({ name: 'get_note', arguments: { id: 21 } });
    assert.deepEqual(fetched.structuredContent, { id: 21, doubled: 42 });
    steps.push('tools/call (guard, ValidationPipe, ParseIntPipe)');

    const refused = await anonymous.callTool({ name: 'create_note', arguments: { title: 'hello' } });
    assert.equal(refused.isError, true, 'the guard refuses a call without the key');
    steps.push('tools/call refused by the guard');

    const { contents } = await client.readResource({ uri: 'notes://readme' });
    assert.equal(contents[0]?.text, 'Notes app on the packed nestjs-mcp');
    steps.push('resources/read');

    const prompt = await client.getPrompt({ name: 'summarize', arguments: { topic: 'compat' } });
    assert.equal(prompt.messages[0]?.content.text, 'Summarize the notes about compat');
    steps.push('prompts/get');
  } finally {
    await Promise.allSettled([client.close(), anonymous.close()]);
  }
  return steps;
}

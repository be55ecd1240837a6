import { Injectable } from '@nestjs/common';
import { McpArgs, McpTool, type JsonSchema, type McpCallToolResult } from 'nestjs-mcp';
import { PNG_1X1 } from './fixture-media.js';

/** The JSON Schema 2020-12 input schema the `json-schema-2020-12` scenario expects back verbatim. */
const JSON_SCHEMA_2020_12: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: {
    address: {
      $anchor: 'addressDef',
      type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' } },
    },
  },
  properties: {
    name: { type: 'string' },
    address: { $ref: '#/$defs/address' },
    contactMethod: { type: 'string', enum: ['phone', 'email'] },
    phone: { type: 'string' },
    email: { type: 'string' },
  },
  allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
  if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
  then: { required: ['phone'] },
  else: { required: ['email'] },
  additionalProperties: false,
};

/** Content tools hosted on a provider: explicit MCP results, a thrown error, and a verbatim input schema. */
@Injectable()
export class ContentToolsService {
  @McpTool({ name: 'test_embedded_resource', description: 'Returns an embedded text resource' })
  embeddedResource(): McpCallToolResult {
    return {
      content: [
        {
          type: 'resource',
          resource: {
            uri: 'test://embedded-resource',
            mimeType: 'text/plain',
            text: 'This is an embedded resource content.',
          },
        },
      ],
    };
  }

  @McpTool({ name: 'test_multiple_content_types', description: 'Returns text, an image and a resource together' })
  multipleContentTypes(): McpCallToolResult {
    return {
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: PNG_1X1.toString('base64'), mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    };
  }

  /** A thrown error becomes a tool result with `isError: true`, carrying the message. */
  @McpTool({ name: 'test_error_handling', description: 'Always fails, to test tool error results' })
  errorHandling(): never {
    throw new Error('This tool intentionally returns an error for testing');
  }

  @McpTool({
    name: 'json_schema_2020_12_tool',
    description: 'Declares a JSON Schema 2020-12 input schema ($defs, $ref, composition, conditionals)',
    inputSchema: JSON_SCHEMA_2020_12,
  })
  jsonSchema202012(@McpArgs() args: Record<string, unknown>): string {
    return `Received: ${JSON.stringify(args)}`;
  }
}

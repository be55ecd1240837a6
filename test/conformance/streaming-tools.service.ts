import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { McpContext, McpCtx, McpTool } from 'nestjs-mcp';

/** Provider-hosted tools that talk back while they run: progress, log messages, elicitation forms, resumption. */
@Injectable()
export class StreamingToolsService {
  @McpTool({ name: 'test_tool_with_progress', description: 'Reports progress three times while it runs' })
  async withProgress(@McpCtx() ctx: McpContext): Promise<string> {
    await ctx.reportProgress(0, 100);
    await sleep(50);
    await ctx.reportProgress(50, 100);
    await sleep(50);
    await ctx.reportProgress(100, 100);
    return 'Progress test completed';
  }

  @McpTool({ name: 'test_tool_with_logging', description: 'Sends three log messages while it runs' })
  async withLogging(@McpCtx() ctx: McpContext): Promise<string> {
    await ctx.log('info', 'Tool execution started');
    await sleep(50);
    await ctx.log('info', 'Tool processing data');
    await sleep(50);
    await ctx.log('info', 'Tool execution completed');
    return 'Logging test completed';
  }

  @McpTool({ name: 'test_elicitation_sep1034_defaults', description: 'Elicits a form whose fields have default values' })
  async elicitationDefaults(@McpCtx() ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit('Please review your profile', {
      type: 'object',
      properties: {
        name: { type: 'string', default: 'John Doe' },
        age: { type: 'integer', default: 30 },
        score: { type: 'number', default: 95.5 },
        status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' },
        verified: { type: 'boolean', default: true },
      },
    });
    return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
  }

  @McpTool({ name: 'test_elicitation_sep1330_enums', description: 'Elicits a form with every kind of enum field' })
  async elicitationEnums(@McpCtx() ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit('Please choose your options', {
      type: 'object',
      properties: {
        untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
        titledSingle: {
          type: 'string',
          oneOf: [
            { const: 'value1', title: 'First Option' },
            { const: 'value2', title: 'Second Option' },
            { const: 'value3', title: 'Third Option' },
          ],
        },
        legacyEnum: { type: 'string', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
        untitledMulti: { type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
        titledMulti: {
          type: 'array',
          items: {
            anyOf: [
              { const: 'value1', title: 'First Choice' },
              { const: 'value2', title: 'Second Choice' },
              { const: 'value3', title: 'Third Choice' },
            ],
          },
        },
      },
    });
    return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
  }

  /** Ends its SSE stream before answering; the client gets the result by resuming with `Last-Event-ID`. */
  @McpTool({ name: 'test_reconnection', description: 'Closes its stream mid-call and answers after the client resumes' })
  async reconnection(@McpCtx() ctx: McpContext): Promise<string> {
    await ctx.closeStream();
    await sleep(200);
    return 'Reconnection test completed';
  }
}

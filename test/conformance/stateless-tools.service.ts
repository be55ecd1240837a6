import { Injectable } from '@nestjs/common';
import { McpContext, McpCtx, McpRegistry, McpTool } from 'nestjs-mcp';

/**
 * Diagnostic tools the `server-stateless` scenario probes on the 2026-07-28 wire: a tool that needs a client
 * capability, one that asks for input while it streams, one that logs, and two that change the tool and prompt
 * lists (through {@link McpRegistry}) so listening clients are told.
 */
@Injectable()
export class StatelessToolsService {
  constructor(private readonly registry: McpRegistry) {}

  /** Without the `sampling` capability in the request, `ctx.sample()` fails the call with -32021. */
  @McpTool({ name: 'test_missing_capability', description: "Needs the client's sampling capability" })
  async missingCapability(@McpCtx() ctx: McpContext): Promise<string> {
    const answer = await ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'Say hello' } }], maxTokens: 20 });
    return `Sampled: ${JSON.stringify(answer.content)}`;
  }

  /** Logs, then asks for input: on the stateless wire the question comes back as a result, never as a request. */
  @McpTool({ name: 'test_streaming_elicitation', description: 'Logs progress, then asks the user to confirm' })
  async streamingElicitation(@McpCtx() ctx: McpContext): Promise<string> {
    await ctx.log('info', 'Preparing the confirmation');
    const answer = await ctx.elicit('Do you confirm?', {
      type: 'object',
      properties: { confirm: { type: 'boolean' } },
      required: ['confirm'],
    });
    return `Confirmation: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
  }

  @McpTool({ name: 'test_logging_tool', description: 'Sends a log message at each level from debug to error' })
  async logging(@McpCtx() ctx: McpContext): Promise<string> {
    await ctx.log('debug', 'Debug message from test_logging_tool');
    await ctx.log('info', 'Info message from test_logging_tool');
    await ctx.log('warning', 'Warning message from test_logging_tool');
    await ctx.log('error', 'Error message from test_logging_tool');
    return 'Logging tool completed';
  }

  /** Adds and removes a tool at run time: two real list changes. */
  @McpTool({ name: 'test_trigger_tool_change', description: 'Changes the tool list' })
  triggerToolChange(): string {
    this.registry.addTool({ name: 'test_transient_tool', description: 'Exists for an instant', handler: () => 'transient' });
    this.registry.removeTool('test_transient_tool');
    return 'The tool list changed';
  }

  /** Adds and removes a prompt at run time: two real list changes. */
  @McpTool({ name: 'test_trigger_prompt_change', description: 'Changes the prompt list' })
  triggerPromptChange(): string {
    this.registry.addPrompt({ name: 'test_transient_prompt', description: 'Exists for an instant', handler: () => 'transient' });
    this.registry.removePrompt('test_transient_prompt');
    return 'The prompt list changed';
  }
}

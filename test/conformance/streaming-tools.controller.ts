import { Body, Controller, Post } from '@nestjs/common';
import { McpContext, McpCtx, McpTool } from 'nestjs-mcp';

/**
 * Tools on controller routes that ask the client something while they run (`sampling/createMessage`,
 * `elicitation/create`): the request travels on the `tools/call` SSE stream and the answer comes back as its own
 * POST. The `@Body()` fields become the tools' required arguments.
 */
@Controller('conformance/streaming')
export class StreamingToolsController {
  @Post('sampling')
  @McpTool({ name: 'test_sampling', description: "Asks the client's model to answer a prompt" })
  async sampling(@Body('prompt') prompt: string, @McpCtx() ctx: McpContext): Promise<string> {
    const answer = await ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 });
    const text = answer.content.type === 'text' ? String(answer.content.text) : JSON.stringify(answer.content);
    return `LLM response: ${text}`;
  }

  @Post('elicitation')
  @McpTool({ name: 'test_elicitation', description: 'Asks the user for a username and an email address' })
  async elicitation(@Body('message') message: string, @McpCtx() ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit(message, {
      type: 'object',
      properties: {
        username: { type: 'string', description: "User's response" },
        email: { type: 'string', description: "User's email address" },
      },
      required: ['username', 'email'],
    });
    return `User response: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
  }
}

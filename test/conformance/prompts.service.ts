import { Injectable } from '@nestjs/common';
import { McpArgs, McpCompletion, McpPrompt, type McpCompletionContext, type McpGetPromptResult } from 'nestjs-mcp';
import { PromptArgumentsDto } from './prompt-arguments.dto.js';

/** Prompts hosted on a provider: a plain string, a validated DTO, and an explicit message list. */
@Injectable()
export class PromptsService {
  @McpPrompt({ name: 'test_simple_prompt', description: 'A simple prompt without arguments' })
  simple(): string {
    return 'This is a simple prompt for testing.';
  }

  /** The arguments (both required) are derived from the class-validator DTO. */
  @McpPrompt({ name: 'test_prompt_with_arguments', description: 'A prompt with two required arguments' })
  withArguments(@McpArgs() args: PromptArgumentsDto): string {
    return `Prompt with arguments: arg1='${args.arg1}', arg2='${args.arg2}'`;
  }

  /** Suggestions for `arg1` (the completion-complete scenario types "test"). */
  @McpCompletion({ prompt: 'test_prompt_with_arguments', argument: 'arg1' })
  completeArg1(value: string, _context: McpCompletionContext): string[] {
    return ['test', 'testing', 'test-value', 'other'].filter((candidate) => candidate.startsWith(value));
  }

  @McpPrompt({
    name: 'test_prompt_with_embedded_resource',
    description: 'A prompt that embeds the resource it is given',
    arguments: [{ name: 'resourceUri', description: 'The URI of the resource to embed', required: true }],
  })
  withEmbeddedResource(@McpArgs() args: { resourceUri: string }): McpGetPromptResult {
    return {
      messages: [
        {
          role: 'user',
          content: {
            type: 'resource',
            resource: { uri: args.resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' },
          },
        },
        { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
      ],
    };
  }
}

import { Controller, Get } from '@nestjs/common';
import { McpPrompt, type McpPromptMessage } from 'nestjs-mcp';
import { PNG_1X1 } from './fixture-media.js';

/** A prompt hosted on a controller route. */
@Controller('conformance/prompts')
export class PromptsController {
  @Get('image')
  @McpPrompt({ name: 'test_prompt_with_image', description: 'A prompt that carries an image' })
  withImage(): McpPromptMessage[] {
    return [
      { role: 'user', content: { type: 'image', data: PNG_1X1.toString('base64'), mimeType: 'image/png' } },
      { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
    ];
  }
}

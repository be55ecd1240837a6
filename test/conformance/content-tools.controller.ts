import { Controller, Get } from '@nestjs/common';
import { McpTool } from 'nestjs-mcp';
import { PNG_1X1, WAV_SILENCE } from './fixture-media.js';

/**
 * Content tools hosted on controller routes: each call runs through the route's Nest pipeline. The bytes tools
 * return raw buffers, so the package's own MIME sniffing decides `image/png` and `audio/wav`.
 * `test_simple_text` is declared first on purpose: the suite calls `tools[0]` with `{}`.
 */
@Controller('conformance/content')
export class ContentToolsController {
  @Get('simple-text')
  @McpTool({ name: 'test_simple_text', description: 'Returns a simple text response' })
  simpleText(): string {
    return 'This is a simple text response for testing.';
  }

  @Get('image')
  @McpTool({ name: 'test_image_content', description: 'Returns a 1x1 PNG image' })
  image(): Buffer {
    return PNG_1X1;
  }

  @Get('audio')
  @McpTool({ name: 'test_audio_content', description: 'Returns a short WAV audio clip' })
  audio(): Buffer {
    return WAV_SILENCE;
  }
}

import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContentToolsController } from './content-tools.controller.js';
import { ContentToolsService } from './content-tools.service.js';
import { HeaderParamToolsController } from './header-param-tools.controller.js';
import { InputRequiredToolsService } from './input-required-tools.service.js';
import { PromptsController } from './prompts.controller.js';
import { PromptsService } from './prompts.service.js';
import { ResourcesController } from './resources.controller.js';
import { ResourcesService } from './resources.service.js';
import { StatelessToolsService } from './stateless-tools.service.js';
import { StreamingToolsController } from './streaming-tools.controller.js';
import { StreamingToolsService } from './streaming-tools.service.js';
import { TaskToolsService } from './task-tools.service.js';

/**
 * The server the official MCP conformance suite runs against: the tools, resources and prompts its scenarios
 * call, written only with the package's public API. One file per area; a capability the package does not have
 * yet has no fixture here, and its scenarios are listed in conformance/expected-failures.json.
 *
 * Controllers are discovered before providers, and methods in declaration order: that keeps `test_simple_text`
 * first in `tools/list` and `test://static-text` first in `resources/list` (skills register their files after
 * discovery). The skills in ./skills/ serve the SEP-2640 scenarios.
 */
@Module({
  imports: [
    McpModule.forRoot({
      name: 'nestjs-mcp-conformance',
      version: '1.0.0',
      // Built to test/conformance/dist/, the skills stay in test/conformance/skills/.
      skills: { directory: join(dirname(fileURLToPath(import.meta.url)), '..', 'skills') },
    }),
  ],
  controllers: [
    ContentToolsController,
    StreamingToolsController,
    HeaderParamToolsController,
    ResourcesController,
    PromptsController,
  ],
  providers: [
    ContentToolsService,
    StreamingToolsService,
    StatelessToolsService,
    InputRequiredToolsService,
    TaskToolsService,
    ResourcesService,
    PromptsService,
  ],
})
export class ConformanceFixtureModule {}

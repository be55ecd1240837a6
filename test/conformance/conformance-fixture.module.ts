import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
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
 * first in `tools/list` and `test://static-text` first in `resources/list`.
 */
@Module({
  imports: [McpModule.forRoot({ name: 'nestjs-mcp-conformance', version: '1.0.0' })],
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

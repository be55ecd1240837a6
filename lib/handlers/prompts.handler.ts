import { Inject, Injectable } from '@nestjs/common';
import type { McpPromptDefinition } from '../discovery/mcp-definitions.js';
import { McpRegistry } from '../discovery/mcp.registry.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import type { McpMethodFamily, McpMethodHandler } from '../context/mcp-request-scope.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { describeError, renderErrorText } from '../results/error-description.js';
import { toGetPromptResult } from '../results/prompt-result.mapper.js';
import { settleInputRequired } from '../context/input-required.js';
import { createMcpContext } from '../context/mcp-context.factory.js';
import { ListPageCache } from './list-page.cache.js';
import { PerRevision } from './per-revision.js';
import { callerListPage } from './caller-lists.js';
import { nextCursorOf } from './pagination.js';

/** `prompts/list` and `prompts/get`. */
@Injectable()
export class PromptsHandler implements McpMethodFamily {
  readonly methods: Record<string, McpMethodHandler> = {
    'prompts/list': (params, scope) =>
      callerListPage(this.pages, this.registry.revision, this.prompts.at(this.registry.revision), params.cursor, scope, this.options),
    'prompts/get': async (params, scope, requestId) => {
      const prompt = this.findPrompt(params.name);
      const args = validateArguments(prompt, params.arguments);
      const context = createMcpContext(scope, 'prompts/get', requestId, params);
      return settleInputRequired(scope, async () => {
        try {
          return toGetPromptResult(await prompt.handler(args, context), prompt.description);
        } catch (error) {
          if (error instanceof McpProtocolError) throw error;
          throw McpProtocolError.invalidParams(`Prompt "${prompt.name}" failed: ${renderErrorText(describeError(error))}`);
        }
      });
    },
  };

  private readonly prompts = new PerRevision(() => this.registry.listPrompts());
  private readonly pages: ListPageCache<McpPromptDefinition>;

  constructor(
    private readonly registry: McpRegistry,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {
    this.pages = new ListPageCache(options.pageSize, (page) => ({ prompts: page.items.map(publishPrompt), ...nextCursorOf(page) }));
  }

  private findPrompt(name: unknown): McpPromptDefinition {
    if (typeof name !== 'string' || name === '') {
      throw McpProtocolError.invalidParams('prompts/get needs the prompt "name" as a string.');
    }
    const prompt = this.registry.getPrompt(name);
    if (!prompt) {
      throw McpProtocolError.invalidParams(`Unknown prompt "${name}". Call prompts/list to see the available prompts.`, {
        name,
      });
    }
    return prompt;
  }
}

/** Prompt arguments are a string map; every required one must be present. */
function validateArguments(prompt: McpPromptDefinition, value: unknown): Record<string, unknown> {
  const args = value ?? {};
  if (typeof args !== 'object' || Array.isArray(args)) {
    throw McpProtocolError.invalidParams('The prompt "arguments" must be an object of strings when present.');
  }
  const record = args as Record<string, unknown>;
  const missing = prompt.arguments.filter((argument) => argument.required && record[argument.name] === undefined);
  if (missing.length > 0) {
    throw McpProtocolError.invalidParams(
      `Prompt "${prompt.name}" is missing required arguments: ${missing.map((argument) => `"${argument.name}"`).join(', ')}.`,
      { missing: missing.map((argument) => argument.name) },
    );
  }
  const notStrings = Object.entries(record).filter(([, argument]) => typeof argument !== 'string');
  if (notStrings.length > 0) {
    throw McpProtocolError.invalidParams(
      `Prompt arguments must be strings; ${notStrings.map(([name]) => `"${name}"`).join(', ')} ${notStrings.length === 1 ? 'is' : 'are'} not.`,
    );
  }
  return record;
}

function publishPrompt(prompt: McpPromptDefinition): Record<string, unknown> {
  return {
    name: prompt.name,
    ...(prompt.title ? { title: prompt.title } : {}),
    description: prompt.description,
    arguments: prompt.arguments,
    ...(prompt.meta ? { _meta: prompt.meta } : {}),
  };
}

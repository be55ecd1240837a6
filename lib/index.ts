export { McpModule } from './mcp.module.js';
export type {
  McpModuleOptions,
  McpModuleExtras,
  McpFilterOptions,
  McpSessionOptions,
  McpStreamOptions,
  McpShutdownOptions,
  McpCachingOptions,
  McpTaskOptions,
  McpRequestStateOptions,
  McpSkillsOptions,
  McpOpenApiOptions,
} from './mcp-options.interface.js';
export { MCP_MODULE_OPTIONS } from './mcp.module-definition.js';
export { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from './mcp-options.resolver.js';
export { McpTool, type McpToolOptions, type McpToolAnnotations } from './decorators/mcp-tool.decorator.js';
export {
  McpResource,
  type McpResourceOptions,
  type McpFixedResourceOptions,
  type McpTemplateResourceOptions,
} from './decorators/mcp-resource.decorator.js';
export { McpPrompt, type McpPromptOptions, type McpPromptArgument } from './decorators/mcp-prompt.decorator.js';
export {
  McpCompletion,
  type McpCompletionOptions,
  type McpPromptCompletionOptions,
  type McpResourceCompletionOptions,
} from './decorators/mcp-completion.decorator.js';
export type {
  McpCompleter,
  McpCompleterReturn,
  McpCompletionContext,
  McpCompletionValues,
} from './completion/completion.types.js';
export { McpSkillRegistry, type McpDirectoryChild } from './skills/mcp-skill.registry.js';
export { SKILLS_EXTENSION, type McpSkill, type McpSkillFile, type McpRuntimeSkill } from './skills/skill.types.js';
export { parseFrontmatterYaml, type McpFrontmatterParser } from './skills/skill-frontmatter.parser.js';
export type { McpOpenApiInfo } from './discovery/openapi-document.js';
export { McpArgs } from './decorators/mcp-args.decorator.js';
export { McpProperty, type McpPropertyOptions } from './decorators/mcp-property.decorator.js';
export { McpCtx } from './decorators/mcp-ctx.decorator.js';
export type { McpAuthOptions, McpVerifyRequest } from './auth/mcp-auth-options.interface.js';
export { principalOf, type McpPrincipal } from './auth/mcp-principal.js';
export { McpContext, type McpInputOptions } from './context/mcp-context.js';
export { McpRegistry } from './discovery/mcp.registry.js';
export type { McpRuntimeTool, McpRuntimeResource, McpRuntimePrompt } from './discovery/runtime-definitions.js';
export type { McpToolDefinition, McpResourceDefinition, McpPromptDefinition, McpHandlerTarget } from './discovery/mcp-definitions.js';
export { McpEndpointRoute } from './endpoint/endpoint-route.js';
export type { McpListKind, McpRegistryListener } from './discovery/mcp-registry-change.js';
export type { McpHandlerFn } from './execution/mcp-handler.types.js';
export { McpArgsValidationPipe } from './execution/mcp-args-validation.pipe.js';
export { McpProtocolError, type McpErrorKind } from './errors/mcp-protocol.error.js';
export { McpCapacityError } from './errors/mcp-capacity.error.js';
export { McpDefinitionError } from './errors/mcp-definition.error.js';
export { McpOptionsError } from './errors/mcp-options.error.js';
export { McpStoreContractError } from './errors/mcp-store-contract.error.js';
export { McpValidationException, type McpFieldViolation } from './errors/mcp-validation.exception.js';
export { JsonRpcErrorCode } from './protocol/json-rpc-error-codes.js';
export { McpSessionStore, type McpSessionPatch, type McpSubscribeOutcome } from './stores/mcp-session.store.js';
export type { McpSession } from './stores/mcp-session.js';
export { MemorySessionStore } from './stores/memory/memory-session.store.js';
export type { JsonSchema, JsonObjectSchema } from './schema/json-schema.types.js';
export type * from './protocol/mcp-types.js';
export { MCP_LOGGING_LEVELS } from './protocol/mcp-types.js';
export { McpEventStore, McpEventStoreFullError, type McpBroadcastMember, type McpStoredEvent, type McpStreamReplay } from './stores/mcp-event.store.js';
export { MemoryEventStore } from './stores/memory/memory-event.store.js';
export { MemoryBroadcastMembership } from './stores/memory/memory-broadcast-membership.js';
export { McpMessageBus, McpBusTopic, type McpBusTopicName } from './stores/mcp-message.bus.js';
export { MemoryMessageBus } from './stores/memory/memory-message.bus.js';
export type { McpRequestChannel } from './context/mcp-request-channel.js';
export type {
  McpElicitationField,
  McpElicitationSchema,
  McpElicitationResult,
  McpSamplingRequest,
  McpSamplingResult,
  McpRoot,
} from './context/elicitation.types.js';
export { McpClientError } from './errors/mcp-client.error.js';
export { McpCancelledError } from './errors/mcp-cancelled.error.js';
export { McpTaskStore, type McpTaskRetention } from './stores/mcp-task.store.js';
export {
  TERMINAL_TASK_STATUSES,
  type McpTaskRecord,
  type McpTaskStatus,
  type McpTaskPage,
  type McpTaskInputRequest,
} from './stores/mcp-task.js';
export { MemoryTaskStore } from './stores/memory/memory-task.store.js';
export { MCP_STORE_OVERRIDES, type McpStoreOverrides } from './stores/mcp-store-overrides.js';
export { McpInstanceRegistry, type McpStreamProducer } from './stores/mcp-instance-registry.js';
export { MemoryInstanceRegistry } from './stores/memory/memory-instance-registry.js';
export { parseEventId } from './stores/mcp-event.store.js';

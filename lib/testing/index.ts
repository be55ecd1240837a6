export {
  contractTestApi,
  type ContractTestApi,
  type ContractMatchers,
  type StoreContractFactory,
} from './contract-test-api.js';
export { describeSessionStoreContract, sampleSession } from './session-store.contract.js';
export { describeEventStoreContract, type EventStoreContractLimits } from './event-store.contract.js';
export {
  describeMessageBusContract,
  type MessageBusContractOptions,
  type MessageBusContractSuiteOptions,
} from './message-bus.contract.js';
export { describeTaskStoreContract, sampleTask } from './task-store.contract.js';
export {
  describeInstanceRegistryContract,
  type InstanceRegistryContractSuiteOptions,
  type InstanceRegistryContractTimings,
} from './instance-registry.contract.js';
export { McpTestClient } from './mcp-test-client.js';
export type {
  McpCallOptions,
  McpElicitationRequest,
  McpLogEntry,
  McpProgressUpdate,
  McpPromptOutcome,
  McpResourceOutcome,
  McpTestClientOptions,
  McpTestWire,
  McpToolOutcome,
} from './mcp-test-client.types.js';

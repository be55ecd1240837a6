/** Which list changed in the registry. */
export type McpListKind = 'tools' | 'resources' | 'prompts';

/** A listener told when tools, resources or prompts are added or removed. */
export type McpRegistryListener = (kind: McpListKind) => void;

import type { McpRegistry } from './mcp.registry.js';

/** The scopes a request needs, and what needs them (for the message). */
export interface ScopeRequirement {
  readonly scopes: readonly string[];
  /** What needs them, for messages: `Tool "create_note"`, `Resource "notes://audit"`. */
  readonly subject: string;
}

/**
 * The `scopes` a request needs: those of the tool it calls, the prompt it gets or completes, the resource it reads
 * or subscribes to (`resources/subscribe`, or each URI of a `subscriptions/listen`), the resource template it
 * completes. `undefined` when it needs none (or names nothing known: the handler answers that).
 */
export function requiredScopesOf(registry: McpRegistry, method: string, params: unknown): ScopeRequirement | undefined {
  const values = (params ?? {}) as Record<string, unknown>;
  const name = stringOf(values.name);
  const uri = stringOf(values.uri);
  switch (method) {
    case 'tools/call':
      return name === undefined ? undefined : requirement(registry.getTool(name)?.scopes, `Tool "${name}"`);
    case 'prompts/get':
      return name === undefined ? undefined : requirement(registry.getPrompt(name)?.scopes, `Prompt "${name}"`);
    case 'resources/read':
    case 'resources/subscribe':
      return uri === undefined ? undefined : requirement(registry.findResource(uri)?.definition.scopes, `Resource "${uri}"`);
    case 'completion/complete':
      return completionRequirement(registry, values.ref);
    case 'subscriptions/listen':
      return listenRequirement(registry, values.notifications);
    default:
      return undefined;
  }
}

function completionRequirement(registry: McpRegistry, ref: unknown): ScopeRequirement | undefined {
  const target = (ref ?? {}) as Record<string, unknown>;
  const name = stringOf(target.name);
  const uri = stringOf(target.uri);
  if (target.type === 'ref/prompt' && name !== undefined) return requirement(registry.getPrompt(name)?.scopes, `Prompt "${name}"`);
  if (target.type === 'ref/resource' && uri !== undefined) return requirement(registry.getResourceTemplate(uri)?.scopes, `Resource template "${uri}"`);
  return undefined;
}

function listenRequirement(registry: McpRegistry, notifications: unknown): ScopeRequirement | undefined {
  const uris = (notifications as { resourceSubscriptions?: unknown } | undefined)?.resourceSubscriptions;
  if (!Array.isArray(uris)) return undefined;
  const scopes = new Set<string>();
  const guarded: string[] = [];
  for (const uri of uris) {
    const needed = typeof uri === 'string' ? registry.findResource(uri)?.definition.scopes : undefined;
    if (!needed || needed.length === 0) continue;
    guarded.push(`"${uri}"`);
    for (const scope of needed) scopes.add(scope);
  }
  return requirement([...scopes], `Subscribing to resource(s) ${guarded.join(', ')}`);
}

function requirement(scopes: readonly string[] | undefined, subject: string): ScopeRequirement | undefined {
  return scopes && scopes.length > 0 ? { scopes, subject } : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

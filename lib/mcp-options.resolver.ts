import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { McpAuthOptions } from './auth/mcp-auth-options.interface.js';
import type { McpToolAnnotations } from './decorators/mcp-tool.decorator.js';
import { McpOptionsError } from './errors/mcp-options.error.js';
import type { McpFilterOptions, McpModuleOptions } from './mcp-options.interface.js';
import type { McpFrontmatterParser } from './skills/skill-frontmatter.parser.js';

/** The injection token of the module options with every default applied. */
export const MCP_RESOLVED_OPTIONS = Symbol('MCP_RESOLVED_OPTIONS');

/** The module options with every default applied. Computed once, at bootstrap. */
export interface ResolvedMcpOptions {
  readonly name: string;
  readonly version: string;
  /** Whether `name` / `version` were set explicitly (an OpenAPI document's info does not override them). */
  readonly explicitIdentity: { readonly name: boolean; readonly version: boolean };
  readonly title?: string;
  readonly instructions?: string;
  readonly path: string;
  readonly allowedOrigins: readonly string[];
  readonly allowedHosts?: readonly string[];
  readonly auth?: McpAuthOptions;
  readonly perCallerLists: boolean;
  readonly dnsRebindingProtection: boolean;
  readonly include?: McpFilterOptions;
  readonly exclude?: McpFilterOptions;
  readonly session: {
    readonly idleTimeoutMs: number;
    readonly maxSessions: number;
    readonly uninitializedTimeoutMs: number;
    readonly maxUninitializedSessions: number;
    readonly maxSubscriptions: number;
    readonly maxSubscriptionUriLength: number;
    readonly maxClientInfoBytes: number;
  };
  readonly maxBodyBytes: number;
  readonly maxJsonDepth: number;
  readonly toolErrorLogLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose' | false;
  readonly bodyReadTimeoutMs: number;
  readonly retryAfterSeconds: number;
  readonly shutdown: { readonly graceMs: number };
  readonly pageSize: number;
  readonly streams: {
    readonly keepAliveMs: number;
    readonly retryMs: number;
    readonly maxEventsPerStream: number;
    readonly eventTtlMs: number;
    readonly maxStoredStreams: number;
    readonly maxStreamsPerSession: number;
    readonly maxOpenStreams: number;
    readonly maxBufferedBytes: number;
    readonly drainTimeoutMs: number;
  };
  readonly clientRequestTimeoutMs: number;
  readonly caching: {
    readonly listTtlMs: number;
    readonly listScope: 'public' | 'private';
    readonly readTtlMs: number;
    readonly readScope: 'public' | 'private';
  };
  readonly requestState: { readonly secret: string; readonly ttlMs: number };
  readonly tasks: {
    readonly enabled: boolean;
    readonly defaultTtlMs: number;
    readonly maxTtlMs: number;
    readonly pollIntervalMs: number;
    readonly maxActivePerOwner: number;
    readonly maxActive: number;
    readonly maxCompleted: number;
    readonly completedTtlMs: number;
    readonly owner?: (request: import('node:http').IncomingMessage) => string | undefined;
  };
  readonly defaultToolAnnotations?: McpToolAnnotations;
  /** Present when the skills extension is enabled. */
  readonly skills?: {
    readonly directories: readonly string[];
    readonly parseFrontmatter?: McpFrontmatterParser;
    readonly cache: { readonly ttlMs: number; readonly scope: 'public' | 'private' };
  };
  readonly openapi: { readonly uri: string; readonly document?: object | (() => object) };
}

/** The `name` and `version` of the application's package.json (in the working directory), when readable. */
export function readAppPackage(cwd = process.cwd()): { name?: string; version?: string } {
  try {
    const parsed = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    return {
      name: typeof parsed.name === 'string' ? parsed.name : undefined,
      version: typeof parsed.version === 'string' ? parsed.version : undefined,
    };
  } catch {
    return {};
  }
}

/** Normalizes the endpoint path: no leading or trailing slashes. */
export function normalizePath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/**
 * Applies every default to the module options. Pure apart from reading the app's package.json once. Every invalid
 * option is collected and reported together in one {@link McpOptionsError}.
 */
export function resolveMcpOptions(
  options: McpModuleOptions,
  path = 'mcp',
  appPackage: { name?: string; version?: string } = readAppPackage(),
): ResolvedMcpOptions {
  const problems: string[] = [];
  const positive = (value: number | undefined, fallback: number, label: string): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      problems.push(`"${label}" must be a positive number; got ${String(value)}.`);
      return fallback;
    }
    return value;
  };
  const nonNegative = (value: number | undefined, fallback: number, label: string): number => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 0) {
      problems.push(`"${label}" must be a whole number of milliseconds, 0 or more; got ${String(value)}.`);
      return fallback;
    }
    return value;
  };
  const scope = (value: unknown, fallback: 'public' | 'private', label: string): 'public' | 'private' => {
    if (value === undefined) return fallback;
    if (value !== 'public' && value !== 'private') {
      problems.push(`"${label}" must be "public" or "private"; got ${JSON.stringify(value)}.`);
      return fallback;
    }
    return value;
  };
  for (const label of ['allowedOrigins', 'allowedHosts'] as const) {
    const list: unknown = options[label];
    if (list !== undefined && (!Array.isArray(list) || list.some((item) => typeof item !== 'string'))) {
      problems.push(`"${label}" must be an array of strings; got ${JSON.stringify(list)}.`);
    }
  }
  for (const label of ['name', 'version', 'title', 'instructions'] as const) {
    const value: unknown = options[label];
    if (value !== undefined && typeof value !== 'string') {
      problems.push(`"${label}" must be a string; got ${JSON.stringify(value)}.`);
    }
  }
  const resolved = resolveWith(options, path, appPackage, positive, nonNegative, scope);
  if (problems.length > 0) {
    throw new McpOptionsError(problems);
  }
  return resolved;
}

type NumberCheck = (value: number | undefined, fallback: number, label: string) => number;
type ScopeCheck = (value: unknown, fallback: 'public' | 'private', label: string) => 'public' | 'private';

function resolveWith(
  options: McpModuleOptions,
  path: string,
  appPackage: { name?: string; version?: string },
  positive: NumberCheck,
  nonNegative: NumberCheck,
  scope: ScopeCheck,
): ResolvedMcpOptions {
  return {
    name: options.name ?? appPackage.name ?? 'nestjs-mcp-server',
    version: options.version ?? appPackage.version ?? '1.0.0',
    explicitIdentity: { name: options.name !== undefined, version: options.version !== undefined },
    title: options.title,
    instructions: options.instructions,
    path: normalizePath(path),
    allowedOrigins: Array.isArray(options.allowedOrigins) ? options.allowedOrigins : [],
    allowedHosts: options.allowedHosts,
    auth: options.auth,
    perCallerLists: options.perCallerLists ?? true,
    dnsRebindingProtection: !options.disableDnsRebindingProtection,
    include: options.include,
    exclude: options.exclude,
    session: {
      idleTimeoutMs: positive(options.session?.idleTimeoutMs, 30 * 60_000, 'session.idleTimeoutMs'),
      maxSessions: positive(options.session?.maxSessions, 10_000, 'session.maxSessions'),
      uninitializedTimeoutMs: positive(options.session?.uninitializedTimeoutMs, 30_000, 'session.uninitializedTimeoutMs'),
      maxUninitializedSessions: positive(options.session?.maxUninitializedSessions, 1_000, 'session.maxUninitializedSessions'),
      maxSubscriptions: positive(options.session?.maxSubscriptions, 100, 'session.maxSubscriptions'),
      maxSubscriptionUriLength: positive(options.session?.maxSubscriptionUriLength, 2_048, 'session.maxSubscriptionUriLength'),
      maxClientInfoBytes: positive(options.session?.maxClientInfoBytes, 16 * 1024, 'session.maxClientInfoBytes'),
    },
    maxBodyBytes: positive(options.maxBodyBytes, 4 * 1024 * 1024, 'maxBodyBytes'),
    maxJsonDepth: positive(options.maxJsonDepth, 64, 'maxJsonDepth'),
    toolErrorLogLevel: options.toolErrorLogLevel ?? 'warn',
    bodyReadTimeoutMs: positive(options.bodyReadTimeoutMs, 30_000, 'bodyReadTimeoutMs'),
    retryAfterSeconds: positive(options.retryAfterSeconds, 1, 'retryAfterSeconds'),
    shutdown: { graceMs: nonNegative(options.shutdown?.graceMs, 10_000, 'shutdown.graceMs') },
    pageSize: positive(options.pageSize, 100, 'pageSize'),
    streams: {
      keepAliveMs: positive(options.streams?.keepAliveMs, 15_000, 'streams.keepAliveMs'),
      retryMs: positive(options.streams?.retryMs, 1_000, 'streams.retryMs'),
      maxEventsPerStream: positive(options.streams?.maxEventsPerStream, 1_000, 'streams.maxEventsPerStream'),
      eventTtlMs: positive(options.streams?.eventTtlMs, 300_000, 'streams.eventTtlMs'),
      maxStoredStreams: positive(options.streams?.maxStoredStreams, 10_000, 'streams.maxStoredStreams'),
      maxStreamsPerSession: positive(options.streams?.maxStreamsPerSession, 32, 'streams.maxStreamsPerSession'),
      maxOpenStreams: positive(options.streams?.maxOpenStreams, 10_000, 'streams.maxOpenStreams'),
      maxBufferedBytes: positive(options.streams?.maxBufferedBytes, 1024 * 1024, 'streams.maxBufferedBytes'),
      drainTimeoutMs: positive(options.streams?.drainTimeoutMs, 30_000, 'streams.drainTimeoutMs'),
    },
    clientRequestTimeoutMs: positive(options.clientRequestTimeoutMs, 300_000, 'clientRequestTimeoutMs'),
    caching: {
      listTtlMs: nonNegative(options.caching?.listTtlMs, 60_000, 'caching.listTtlMs'),
      listScope: scope(options.caching?.listScope, 'public', 'caching.listScope'),
      readTtlMs: nonNegative(options.caching?.readTtlMs, 0, 'caching.readTtlMs'),
      readScope: scope(options.caching?.readScope, 'private', 'caching.readScope'),
    },
    tasks: {
      enabled: options.tasks?.enabled ?? true,
      defaultTtlMs: positive(options.tasks?.defaultTtlMs, 3_600_000, 'tasks.defaultTtlMs'),
      maxTtlMs: positive(options.tasks?.maxTtlMs, 86_400_000, 'tasks.maxTtlMs'),
      pollIntervalMs: positive(options.tasks?.pollIntervalMs, 1_000, 'tasks.pollIntervalMs'),
      maxActivePerOwner: positive(options.tasks?.maxActivePerOwner, 100, 'tasks.maxActivePerOwner'),
      maxActive: positive(options.tasks?.maxActive, 10_000, 'tasks.maxActive'),
      maxCompleted: positive(options.tasks?.maxCompleted, 1_000, 'tasks.maxCompleted'),
      completedTtlMs: positive(options.tasks?.completedTtlMs, 3_600_000, 'tasks.completedTtlMs'),
      owner: options.tasks?.owner,
    },
    requestState: {
      secret: options.requestState?.secret || randomBytes(32).toString('base64url'),
      ttlMs: positive(options.requestState?.ttlMs, 600_000, 'requestState.ttlMs'),
    },
    defaultToolAnnotations: options.defaultToolAnnotations,
    skills: options.skills
      ? {
          directories: [options.skills.directory ?? []].flat(),
          parseFrontmatter: options.skills.parseFrontmatter,
          cache: {
            ttlMs: nonNegative(options.skills.cache?.ttlMs, options.caching?.listTtlMs ?? 60_000, 'skills.cache.ttlMs'),
            scope: options.skills.cache?.scope ?? options.caching?.listScope ?? 'public',
          },
        }
      : undefined,
    openapi: { uri: options.openapi?.uri ?? 'openapi://document', document: options.openapi?.document },
  };
}

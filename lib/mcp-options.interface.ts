import type { CanActivate, Type } from '@nestjs/common';
import type { McpAuthOptions } from './auth/mcp-auth-options.interface.js';
import type { McpToolAnnotations } from './decorators/mcp-tool.decorator.js';
import type { McpFrontmatterParser } from './skills/skill-frontmatter.parser.js';

/** Which tools the server exposes, by name and by tag. Exclusion wins over inclusion. */
export interface McpFilterOptions {
  /**
   * Only tools with one of these names, or with at least one of `tags`, are exposed.
   * @default undefined (every tool)
   */
  names?: string[];
  /**
   * Only tools carrying at least one of these tags (or named in `names`) are exposed.
   * @default undefined (every tool)
   */
  tags?: string[];
}

/** Session settings for the stateful (2025-11-25) wire. */
export interface McpSessionOptions {
  /**
   * Milliseconds without a request after which a session expires; later requests with its id get HTTP 404.
   * @default 1_800_000 (30 minutes)
   */
  idleTimeoutMs?: number;
  /**
   * The most sessions held at once. An `initialize` beyond it gets HTTP 503 until a session ends or expires.
   * @default 10_000
   */
  maxSessions?: number;
  /**
   * Milliseconds a session may wait for `notifications/initialized` after `initialize`; a session that never sends
   * it expires after this instead of `idleTimeoutMs`.
   * @default 30_000
   * @example uninitializedTimeoutMs: 10_000
   */
  uninitializedTimeoutMs?: number;
  /**
   * The most sessions held at once that have not sent `notifications/initialized`. They also count toward
   * `maxSessions`, but cannot fill more than this, so bare `initialize` floods never lock initialized clients out.
   * @default 1_000
   */
  maxUninitializedSessions?: number;
  /**
   * The most resource URIs one session may subscribe to (`resources/subscribe`), and one `subscriptions/listen`
   * stream may name; more are refused with -32602. @default 100
   */
  maxSubscriptions?: number;
  /** The longest resource URI accepted by `resources/subscribe` and `subscriptions/listen`, in characters. @default 2_048 */
  maxSubscriptionUriLength?: number;
  /**
   * The largest client `capabilities` plus `clientInfo` a session stores from `initialize`, in bytes of JSON;
   * a larger `initialize` is refused with -32602.
   * @default 16_384 (16 KiB)
   */
  maxClientInfoBytes?: number;
}

/** How the endpoint shuts down. */
export interface McpShutdownOptions {
  /**
   * Milliseconds running MCP requests get to finish once shutdown starts. New requests are refused with HTTP 503
   * and `Retry-After` from the start; when the grace period is over, the requests still running are aborted and
   * every open stream receives a JSON-RPC error (for the request it carried) before its connection closes.
   * @default 10_000
   * @example
   * ```ts
   * McpModule.forRoot({ shutdown: { graceMs: 25_000 } }) // below Kubernetes' 30 s terminationGracePeriodSeconds
   * ```
   */
  graceMs?: number;
}

/** Limits and timings of Server-Sent Event streams (POST responses and the standalone GET stream). */
export interface McpStreamOptions {
  /**
   * Milliseconds between keep-alive comments on an idle stream.
   * @default 15_000
   */
  keepAliveMs?: number;
  /**
   * The reconnection delay suggested to clients in the SSE `retry:` field, in milliseconds.
   * @default 1_000
   */
  retryMs?: number;
  /**
   * How many events each stream keeps for clients that resume with `Last-Event-ID`; older ones are dropped.
   * @default 1_000
   */
  maxEventsPerStream?: number;
  /**
   * How long a stream's events stay resumable after its last event, in milliseconds.
   * @default 300_000 (5 minutes)
   */
  eventTtlMs?: number;
  /**
   * How many streams the in-memory event store remembers at once; the stalest are forgotten first.
   * @default 10_000
   */
  maxStoredStreams?: number;
  /**
   * How many SSE streams one session may have open at once on this instance (POST responses and GET). Beyond
   * it a request that needs a stream gets HTTP 429.
   * @default 32
   */
  maxStreamsPerSession?: number;
  /**
   * How many SSE streams this instance holds open at once. Beyond it a request that needs a stream gets HTTP 503.
   * @default 10_000
   */
  maxOpenStreams?: number;
  /**
   * Bytes a client may leave unread on one stream before the server drops the connection (the client can
   * resume with `Last-Event-ID`). Protects memory from slow consumers.
   * @default 1_048_576 (1 MiB)
   */
  maxBufferedBytes?: number;
  /**
   * Milliseconds a producer (`ctx.reportProgress()`, `ctx.log()`, the response) waits for a stream's client to
   * take what was already written. Producers run at their reader's pace; a client that takes nothing for this
   * long has stopped reading and is dropped (it can resume with `Last-Event-ID`), and the producer goes on.
   * @default 30_000
   * @example
   * ```ts
   * McpModule.forRoot({ streams: { drainTimeoutMs: 10_000 } })
   * ```
   */
  drainTimeoutMs?: number;
}

/** Cache hints (`ttlMs`, `cacheScope`) stamped on results of the stateless (2026-07-28) wire. */
export interface McpCachingOptions {
  /** How long clients may reuse `tools/list`, `prompts/list`, `resources/list` and `resources/templates/list`. @default 60_000 */
  listTtlMs?: number;
  /** Who may share cached lists: `'public'` (any client) or `'private'` (same authorization only). @default 'public' */
  listScope?: 'public' | 'private';
  /** How long clients may reuse `resources/read` results, unless the resource sets its own. @default 0 */
  readTtlMs?: number;
  /** Who may share cached reads, unless the resource sets its own. @default 'private' */
  readScope?: 'public' | 'private';
}

/** Multi-round requests on the stateless wire: how the `requestState` handed to clients is protected. */
export interface McpRequestStateOptions {
  /**
   * The secret that signs `requestState` (HMAC-SHA256). Set the same value on every instance of a deployment.
   * @default a random secret per process (states do not survive a restart or cross instances)
   */
  secret?: string;
  /**
   * How long a client has to answer an input-required result, in milliseconds.
   * @default 600_000 (10 minutes)
   */
  ttlMs?: number;
}

/** Long-running tools as tasks (`@McpTool({ taskSupport })`). */
export interface McpTaskOptions {
  /**
   * Serve tasks at all. When false, no tasks capability or extension is declared, `tools/list` shows no
   * `execution.taskSupport`, task requests are processed as normal calls, and `tasks/get`, `tasks/result`,
   * `tasks/update` and `tasks/cancel` answer -32601.
   * @default true
   */
  enabled?: boolean;
  /** How long a task is kept after creation when the client asks for no TTL, in milliseconds. @default 3_600_000 (1 hour) */
  defaultTtlMs?: number;
  /** The longest TTL a client may ask for; longer requests are capped. @default 86_400_000 (24 hours) */
  maxTtlMs?: number;
  /** The polling interval suggested to clients, in milliseconds. @default 1_000 */
  pollIntervalMs?: number;
  /** How many unfinished tasks one owner may have; beyond it new tasks are refused (HTTP 429). @default 100 */
  maxActivePerOwner?: number;
  /** How many unfinished tasks the deployment may have; beyond it new tasks are refused (HTTP 503). @default 10_000 */
  maxActive?: number;
  /**
   * How many finished tasks (completed, failed, cancelled) the store keeps, with their results; beyond it the ones
   * that finished first are dropped early. @default 1_000
   */
  maxCompleted?: number;
  /**
   * The longest a finished task (and its result) is kept after it finished, whatever TTL the client asked for;
   * its reported `ttl` is shortened to match. @default 3_600_000 (1 hour)
   */
  completedTtlMs?: number;
  /**
   * Who owns a task, from the HTTP request. Tasks are visible only to their owner.
   * @default `request.user` (its `subject`, `id`, `sub`, `userId`, `username` or `email`) when set; else the
   *   session on the stateful wire; else a hash of the request's credential (`Authorization`, `X-Api-Key`); else the stdio
   *   connection; else nobody: an anonymous caller's task is its own owner, reachable only by its unguessable id
   */
  owner?: (request: import('node:http').IncomingMessage) => string | undefined;
}

/** Agent Skills served over MCP (the `io.modelcontextprotocol/skills` extension). */
export interface McpSkillsOptions {
  /**
   * Folders of skills, read once at bootstrap: every folder holding a `SKILL.md` is a skill, published at
   * `skill://<folder path>/SKILL.md`. Leave it out to publish only skills added with `McpSkillRegistry.addSkill()`.
   * @default [] (no folder)
   * @example 'skills' or [join(__dirname, 'skills'), '/opt/shared-skills']
   */
  directory?: string | string[];
  /**
   * Parses the YAML frontmatter of a `SKILL.md`. The built-in parser covers mappings, lists, quoted and block
   * scalars; plug a full parser for anything else.
   * @default the built-in frontmatter parser
   * @example (yaml) => parse(yaml) // from the "yaml" package
   */
  parseFrontmatter?: McpFrontmatterParser;
  /**
   * Cache hints of `skills/list` and `skills/get` results on the stateless wire.
   * @default the module's `caching.listTtlMs` / `caching.listScope`
   */
  cache?: { ttlMs: number; scope: 'public' | 'private' };
}

/** The application's OpenAPI document served as a resource. */
export interface McpOpenApiOptions {
  /**
   * The document (for example the result of `SwaggerModule.createDocument()`), or a function returning it, called
   * once at bootstrap. Apps that build it after bootstrap call `McpRegistry.setOpenApiDocument()` instead.
   * @default undefined
   */
  document?: object | (() => object);
  /**
   * The URI of the resource.
   * @default 'openapi://document'
   */
  uri?: string;
}

/** Options of {@link McpModule.forRoot} (and the object `forRootAsync`'s factory returns). */
export interface McpModuleOptions {
  /**
   * The server name reported to clients in `serverInfo.name`.
   * @default the `name` of the application's package.json, else `'nestjs-mcp-server'`
   */
  name?: string;
  /**
   * The server version reported in `serverInfo.version`.
   * @default the `version` of the application's package.json, else `'1.0.0'`
   */
  version?: string;
  /** A human-readable title reported in `serverInfo.title`. @default undefined */
  title?: string;
  /**
   * Instructions returned by `initialize`, telling the model how to use this server.
   * @default undefined
   */
  instructions?: string;
  /**
   * Origins allowed to call the endpoint from a browser, in addition to same-origin requests. A request carrying
   * any other `Origin` header gets HTTP 403. `'*'` allows every origin (not recommended).
   * @default []
   */
  allowedOrigins?: string[];
  /**
   * Makes the endpoint an OAuth protected resource: serves `/.well-known/oauth-protected-resource` (RFC 9728),
   * answers missing credentials with a 401 `WWW-Authenticate` challenge and missing scopes with 403
   * `insufficient_scope`. See docs/authorization.md.
   * @default undefined (no authorization)
   * @example
   * ```ts
   * auth: { authorizationServers: ['https://auth.example.com'], scopesSupported: ['notes:read'] }
   * ```
   */
  auth?: McpAuthOptions;
  /**
   * Shows each caller only the tools, resources, templates and prompts its scopes and their own class and method
   * guards allow (guards run against the list request, without arguments). `false` lists everything for everyone
   * (calls are still checked). One definition opts out with `alwaysListed: true`.
   * @default true
   */
  perCallerLists?: boolean;
  /**
   * Host header values (host or host:port) the endpoint answers to. When unset, a request that arrived on a
   * loopback interface must carry a loopback Host (localhost, 127.0.0.1, [::1]); requests on other interfaces
   * are not restricted by Host. Set it when deploying behind a real hostname.
   * @default undefined
   */
  allowedHosts?: string[];
  /**
   * Turns the Host/Origin checks (DNS-rebinding protection) off entirely. Only for servers behind a proxy that
   * already enforces them.
   * @default false
   */
  disableDnsRebindingProtection?: boolean;
  /**
   * Expose only these tools (by name or tag); the others are left out of `tools/list` and called as unknown tools
   * (-32602). Resources and prompts are not filtered.
   * @default undefined (every tool)
   */
  include?: McpFilterOptions;
  /** Hide these tools (by name or tag), even when `include` names them. @default undefined (none) */
  exclude?: McpFilterOptions;
  /** Session settings of the 2025-11-25 wire. */
  session?: McpSessionOptions;
  /**
   * The largest request body accepted, in bytes; larger ones get HTTP 413.
   * @default 4_194_304 (4 MiB)
   */
  maxBodyBytes?: number;
  /**
   * How deeply arrays and objects may nest in a request body; deeper ones are refused with -32600 before they are
   * parsed.
   * @default 64
   */
  maxJsonDepth?: number;
  /**
   * The level at which a tool's or resource's failure is logged. `HttpException`s are logged without a stack; a
   * handler aborted by cancellation is not logged. `false` logs nothing.
   * @default 'warn'
   * @example toolErrorLogLevel: 'error'
   */
  toolErrorLogLevel?: 'error' | 'warn' | 'log' | 'debug' | 'verbose' | false;
  /**
   * Milliseconds the endpoint waits for a whole request body to arrive. A slower upload (a client sending a byte
   * a second) is answered HTTP 408 with a JSON-RPC error and its connection closed, instead of being held until
   * Node's own request timeout.
   * @default 30_000
   * @example
   * ```ts
   * McpModule.forRoot({ bodyReadTimeoutMs: 10_000 })
   * ```
   */
  bodyReadTimeoutMs?: number;
  /**
   * The `Retry-After` value, in seconds, of every 413, 429 and 503 answer of the endpoint (too large, too many
   * streams for a session, server at capacity or shutting down).
   * @default 1
   */
  retryAfterSeconds?: number;
  /** Graceful shutdown of the endpoint (on `app.close()`, or SIGTERM with `app.enableShutdownHooks()`). */
  shutdown?: McpShutdownOptions;
  /**
   * How many items `tools/list`, `resources/list`, `resources/templates/list` and `prompts/list` return per page;
   * `tasks/list`, `skills/list` and `resources/directory/read` page by it too.
   * @default 100
   */
  pageSize?: number;
  /** Limits and timings of SSE streams. */
  streams?: McpStreamOptions;
  /**
   * How long a handler waits for the client to answer `ctx.elicit()`, `ctx.sample()` or `ctx.listRoots()`,
   * in milliseconds, before the call fails.
   * @default 300_000 (5 minutes)
   */
  clientRequestTimeoutMs?: number;
  /** Long-running tools as tasks. */
  tasks?: McpTaskOptions;
  /** Cache hints of the stateless wire. */
  caching?: McpCachingOptions;
  /** How multi-round (input-required) state is protected on the stateless wire. */
  requestState?: McpRequestStateOptions;
  /** Annotations applied to every tool that does not set its own. @default undefined */
  defaultToolAnnotations?: McpToolAnnotations;
  /**
   * Serves Agent Skills (`skills/list`, `skills/get`, `resources/directory/read` and `skill://` resources) and
   * declares the `io.modelcontextprotocol/skills` extension. Set it (even to `{}`) to enable the extension.
   * @default undefined (no skills, the extension is not declared)
   * @example { directory: join(process.cwd(), 'skills') }
   */
  skills?: McpSkillsOptions;
  /**
   * Serves the application's OpenAPI document as a JSON resource; its `info.title` and `info.version` become
   * `serverInfo.name`/`version` when `name`/`version` are not set.
   * @default undefined (no document; `McpRegistry.setOpenApiDocument()` can add one later)
   * @example { document: () => SwaggerModule.createDocument(app, config) }
   */
  openapi?: McpOpenApiOptions;
}

/** Options of the module that are needed before the options factory runs (they shape the route). */
export interface McpModuleExtras {
  /**
   * The path of the MCP endpoint (POST, GET and DELETE), relative to the global prefix.
   * @default 'mcp'
   */
  path?: string;
  /**
   * Registers the module globally, so that `McpRegistry` can be injected anywhere.
   * @default true
   */
  isGlobal?: boolean;
  /**
   * Guards that protect the MCP endpoint alone: `[JwtAuthGuard]`. They run once per request to it, after the
   * app's global guards, with the endpoint request; for `tools/call`, `prompts/get` and `resources/read` of a
   * decorated method their execution context's class and handler are that method's (so its metadata applies),
   * otherwise `McpEndpointRoute#serve`. Their `UnauthorizedException`, `ForbiddenException` and throttling
   * answers become JSON-RPC errors (401 with the challenge when `auth` is set, 403, 429 with `Retry-After`).
   *
   * HTTP only: they do not run over stdio (`McpStdio.serve()`), which has no HTTP request to the endpoint to run
   * them with; `serve()` logs a warning at startup naming them. Over stdio, the caller is the `principal` option
   * (or `auth.verify` given its `headers`), checked against `scopes`; guards bound with `@UseGuards()` on a tool's
   * class or method, and global guards, still run for each call.
   * @default []
   * @example
   * ```ts
   * McpModule.forRoot({ guards: [JwtAuthGuard], auth: { authorizationServers: ['https://auth.example.com'] } })
   * ```
   */
  guards?: Array<Type<CanActivate> | CanActivate>;
}

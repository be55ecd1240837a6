import type { McpToolAnnotations } from './decorators/mcp-tool.decorator.js';

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
  /** Expose only these tools. @default undefined (every tool) */
  include?: McpFilterOptions;
  /** Hide these tools. @default undefined (none) */
  exclude?: McpFilterOptions;
  /** Session settings of the 2025-11-25 wire. */
  session?: McpSessionOptions;
  /**
   * The largest request body accepted, in bytes; larger ones get HTTP 413.
   * @default 4_194_304 (4 MiB)
   */
  maxBodyBytes?: number;
  /**
   * How many items `tools/list`, `resources/list`, `resources/templates/list` and `prompts/list` return per page.
   * @default 100
   */
  pageSize?: number;
  /** Annotations applied to every tool that does not set its own. @default undefined */
  defaultToolAnnotations?: McpToolAnnotations;
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
}

import { Logger, Module, type CanActivate, type DynamicModule, type INestApplicationContext, type LoggerService, type Provider, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, NestFactory } from '@nestjs/core';
import type { Readable, Writable } from 'node:stream';
import { McpRegistry } from '../discovery/mcp.registry.js';
import { MCP_ENDPOINT_GUARDS } from '../endpoint/endpoint-route.js';
import { McpDispatcher } from '../json-rpc/mcp.dispatcher.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { McpSessionManager } from '../sessions/mcp-session.manager.js';
import { ListenStreams } from '../transport/stateless/listen-streams.js';
import { ClientRequests } from '../transport/streaming/client-requests.js';
import { StreamHub } from '../transport/streaming/stream-hub.js';
import { JsonLineReader } from './json-line.reader.js';
import { JsonLineWriter } from './json-line.writer.js';
import type { McpStdioOptions } from './mcp-stdio-options.interface.js';
import { StderrConsoleLogger } from './stderr-console.logger.js';
import { stdioAuthWarnings } from './stdio-auth.warnings.js';
import { StdioCaller } from './stdio-caller.js';
import { StdioConnection, type StdioProtocol } from './stdio-connection.js';
import { createStdioRequestFactory } from './stdio-request.factory.js';
import { redirectStdout } from './stdout-redirect.js';
import { StdioBinding } from './stdio.binding.js';

/** The default longest accepted line: 4 MiB, like the HTTP body limit. */
const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

/** A running stdio server. */
export interface McpStdioServer {
  /** The application context serving it (no HTTP listener). */
  readonly app: INestApplicationContext;
  /** Resolves once the server stopped: input ended or a signal arrived, and the application closed. */
  readonly closed: Promise<void>;
  /** Stops now: running requests are aborted, the application closes. Resolves like `closed`. */
  close(): Promise<void>;
}

/** Roots a module that adds global enhancers around the application's module. */
@Module({})
class McpStdioRootModule {}

/**
 * Serves a Nest application's MCP tools, resources and prompts over stdio, the transport desktop clients (Claude
 * Desktop, IDEs) use for local servers: they start the process and speak newline-delimited JSON-RPC on its stdin
 * and stdout. The application runs as an application context (no HTTP listener); its logs go to stderr.
 *
 * @example
 * ```ts
 * // main-stdio.ts
 * import { McpStdio } from 'nestjs-mcp/stdio';
 * await McpStdio.serve(AppModule, {
 *   headers: { 'x-api-key': process.env.NOTES_API_KEY },
 *   principal: { subject: 'local-user', scopes: ['notes:read', 'notes:write'] },
 * });
 * ```
 */
export class McpStdio {
  /**
   * Creates the application context and serves it on stdin/stdout until the input ends or SIGTERM/SIGINT arrives;
   * then the application closes and (by default) the process exits with code 0. Route tools run through their
   * guards, pipes, interceptors and filters with a request whose headers are `options.headers`. The caller is
   * `options.principal` (else what the module's `auth.verify` makes of those headers): definitions with `scopes`
   * it lacks are hidden from lists and refused with a JSON-RPC error, and with the module's `auth` option set
   * without `allowAnonymous`, a request without a caller is refused. The module's `guards` option protects the
   * HTTP endpoint and does not run here: a warning at startup names those guards.
   */
  static async serve(module: Type | DynamicModule, options: McpStdioOptions = {}): Promise<McpStdioServer> {
    const input: Readable = options.input ?? process.stdin;
    const output: Writable = options.output ?? process.stdout;
    const exitProcess = options.exitProcess ?? input === process.stdin;
    const redirect = output === process.stdout && options.redirectStdout !== false ? redirectStdout() : undefined;
    const app = await NestFactory.createApplicationContext(withGlobalEnhancers(module, options.globalEnhancers), {
      ...options.contextOptions,
      logger: loggerOf(options.logger),
    }).catch((error: unknown) => {
      redirect?.restore();
      throw error;
    });
    const logger = new Logger('McpStdio');
    let protocol: StdioProtocol;
    try {
      protocol = resolveProtocol(app);
    } catch (error) {
      await app.close();
      redirect?.restore();
      throw error;
    }

    const write = redirect ? redirect.write : output.write.bind(output);
    const writer = new JsonLineWriter((text) => write(text), logger);
    const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    const endpointGuards = app.get<ReadonlyArray<Type<CanActivate> | CanActivate>>(MCP_ENDPOINT_GUARDS, { strict: false });
    for (const warning of stdioAuthWarnings(endpointGuards, protocol.options.auth, options.principal)) logger.warn(warning);
    const caller = new StdioCaller(options.principal, protocol.options.auth);
    const connection = new StdioConnection(protocol, writer, createStdioRequestFactory(options.headers ?? {}), caller, maxLineBytes);
    const reader = new JsonLineReader(maxLineBytes, (event) => connection.receive(event));

    const binding = new StdioBinding({
      app,
      connection,
      reader,
      writer,
      input,
      output,
      logger,
      exitProcess,
      restore: () => redirect?.restore(),
    });
    binding.start();
    return { app, closed: binding.closed, close: () => binding.stop(false, 'The server was closed.') };
  }
}

/** Nest's logger for a stdio server: never on stdout. */
function loggerOf(option: McpStdioOptions['logger']): LoggerService | false {
  if (option === false) return false;
  if (option === undefined) return new StderrConsoleLogger();
  if (Array.isArray(option)) return new StderrConsoleLogger({ logLevels: option });
  return option;
}

function withGlobalEnhancers(module: Type | DynamicModule, enhancers: McpStdioOptions['globalEnhancers']): Type | DynamicModule {
  if (!enhancers) return module;
  const providers: Provider[] = [
    ...(enhancers.pipes ?? []).map((useValue) => ({ provide: APP_PIPE, useValue })),
    ...(enhancers.guards ?? []).map((useValue) => ({ provide: APP_GUARD, useValue })),
    ...(enhancers.interceptors ?? []).map((useValue) => ({ provide: APP_INTERCEPTOR, useValue })),
    ...(enhancers.filters ?? []).map((useValue) => ({ provide: APP_FILTER, useValue })),
  ];
  return { module: McpStdioRootModule, imports: [module], providers };
}

/** The parts of McpModule the connection needs; a clear error when the application does not import it. */
function resolveProtocol(app: INestApplicationContext): StdioProtocol {
  try {
    return {
      dispatcher: app.get(McpDispatcher, { strict: false }),
      sessions: app.get(McpSessionManager, { strict: false }),
      hub: app.get(StreamHub, { strict: false }),
      clientRequests: app.get(ClientRequests, { strict: false }),
      listen: app.get(ListenStreams, { strict: false }),
      options: app.get<ResolvedMcpOptions>(MCP_RESOLVED_OPTIONS, { strict: false }),
      registry: app.get(McpRegistry, { strict: false }),
    };
  } catch {
    throw new Error(
      'McpStdio.serve() found no McpModule in the application. Import McpModule.forRoot() (or forRootAsync()) in the module you serve.',
    );
  }
}

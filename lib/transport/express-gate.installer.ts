import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { createEndpointGate } from './endpoint-gate.js';

interface ExpressLayer {
  route?: { path?: unknown; methods?: Record<string, boolean> };
  handle?: unknown;
}

interface ExpressApp {
  use(handler: unknown): unknown;
  router?: { stack?: ExpressLayer[] };
}

/**
 * Puts the endpoint gate (DNS-rebinding check and raw body reading) in front of every other Express middleware,
 * body parsers included, for requests to the MCP endpoint. Runs at module init, when Nest has registered its body
 * parsers and routes, and finds the endpoint's full path (global prefix included) among the registered routes.
 */
@Injectable()
export class ExpressGateInstaller implements OnModuleInit {
  private readonly logger = new Logger('McpModule');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return;
    if (adapter.getType() !== 'express') {
      this.logger.warn(
        `The ${adapter.getType()} adapter is not supported yet: the MCP endpoint relies on the app's body parser and has no DNS-rebinding check.`,
      );
      return;
    }
    const app = adapter.getInstance() as ExpressApp;
    const stack = app.router?.stack;
    if (!stack) return;
    const endpointPath = findEndpointPath(stack, this.options.path);
    const gate = createEndpointGate(this.options);
    const scoped = (request: { path?: string }, response: unknown, next: () => void) =>
      isEndpoint(request.path, endpointPath) ? gate(request as never, response as never, next) : next();
    app.use(scoped);
    const layer = stack.pop()!;
    stack.unshift(layer);
  }
}

/** The registered path of the endpoint: the route that answers POST, GET and DELETE and ends with our path. */
function findEndpointPath(stack: ExpressLayer[], path: string): string {
  const suffix = `/${path}`;
  const candidates = stack
    .map((layer) => layer.route)
    .filter((route) => typeof route?.path === 'string' && (route.path as string).replace(/\/+$/, '').endsWith(suffix));
  const methodsByPath = new Map<string, Set<string>>();
  for (const route of candidates) {
    const methods = methodsByPath.get(route!.path as string) ?? new Set<string>();
    Object.keys(route!.methods ?? {}).forEach((method) => methods.add(method));
    methodsByPath.set(route!.path as string, methods);
  }
  for (const [candidate, methods] of methodsByPath) {
    if (methods.has('post') && methods.has('get') && methods.has('delete')) return normalize(candidate);
  }
  return suffix;
}

function normalize(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}

function isEndpoint(requestPath: string | undefined, endpointPath: string): boolean {
  return requestPath !== undefined && normalize(requestPath) === endpointPath;
}

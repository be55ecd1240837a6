import 'reflect-metadata';
import { Controller, Inject, Injectable, Post, Req, Scope, SetMetadata, UnauthorizedException, UseGuards, type CallHandler, type NestInterceptor, type CanActivate, type ExecutionContext, type Type } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, REQUEST, Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { McpCtx, McpEndpointRoute, McpModule, McpTool, type McpContext } from 'nestjs-mcp';
import { answerMessage } from './utils/answer-message.js';
import { rawRequest } from './utils/raw-http.js';
import { RawMcpSession } from './utils/raw-mcp-session.js';
import { statelessRequest } from './utils/stateless.js';
import { PLATFORMS, startApp, type RunningApp } from './utils/start-app.js';

/** Every guard run, as `"guard:Class#handler"`, in order. */
const runs: string[] = [];

/** The classes the guards saw, in order. */
const classes: Function[] = [];

function record(guard: string, context: ExecutionContext): void {
  runs.push(`${guard}:${context.getClass().name}#${context.getHandler().name}`);
  classes.push(context.getClass());
}

/** A global guard that authenticates: the caller named in `x-user` becomes `request.user`. */
@Injectable()
class CountingGlobalGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    record('global', context);
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; user?: unknown }>();
    const name = request.headers['x-user'];
    if (name === 'nobody') throw new UnauthorizedException('Who are you?');
    if (name === 'boom') throw new Error('The identity provider is down');
    if (name) request.user = { subject: name, scopes: [] };
    return this.reflector.get<boolean>('refuse', context.getHandler()) !== true;
  }
}

/** A guard class that records each run as `label` and lets every request through. */
function countingGuard(label: string): Type<CanActivate> {
  @Injectable()
  class CountingGuard implements CanActivate {
    canActivate(context: ExecutionContext): boolean {
      record(label, context);
      return true;
    }
  }
  return CountingGuard;
}

/** The guard of the module's `guards` option. */
const CountingEndpointGuard = countingGuard('endpoint');
const CountingClassGuard = countingGuard('class');
const CountingMethodGuard = countingGuard('method');

/** A global interceptor: it wraps the handlers tools run, not the endpoint. */
@Injectable()
class CountingGlobalInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    record('interceptor', context);
    return next.handle();
  }
}

/** A provider tool's own guard that establishes the caller itself. */
@Injectable()
class ToolUserGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    record('tool-user', context);
    context.switchToHttp().getRequest<{ user?: unknown }>().user = { subject: 'set-by-method-guard', scopes: [] };
    return true;
  }
}

type UserRequest = { user?: { subject?: string } };

@Controller('notes')
@UseGuards(CountingClassGuard)
class NotesController {
  @Post()
  @UseGuards(CountingMethodGuard)
  @McpTool({ name: 'create_note' })
  create(@Req() request: UserRequest) {
    return { user: request.user?.subject ?? null };
  }

  @Post('locked')
  @SetMetadata('refuse', true)
  @McpTool({ name: 'locked' })
  locked() {
    return { opened: true };
  }
}

@Injectable()
class WhoAmITools {
  @McpTool({ name: 'who_am_i' })
  whoAmI(@McpCtx() ctx: McpContext) {
    return { ctxUser: (ctx.user as UserRequest['user'])?.subject ?? null, requestUser: (ctx.request as UserRequest).user?.subject ?? null };
  }

  @McpTool({ name: 'who_am_i_guarded' })
  @UseGuards(ToolUserGuard)
  whoAmIGuarded(@McpCtx() ctx: McpContext) {
    return { ctxUser: (ctx.user as UserRequest['user'])?.subject ?? null, requestUser: (ctx.request as UserRequest).user?.subject ?? null };
  }
}

/** The structured result of a tools/call answer, read from JSON or from the SSE stream that carried it. */
function resultOf(text: string): any {
  const message = answerMessage(text);
  if (message.error) throw new Error(JSON.stringify(message.error));
  return message.result.structuredContent ?? JSON.parse(message.result.content[0].text);
}

/** The runs of one route tool call: each guard once, the global ones with the route as handler, then the interceptor. */
const ROUTE_CALL_RUNS = [
  'global:NotesController#create',
  'endpoint:NotesController#create',
  'class:NotesController#create',
  'method:NotesController#create',
  'interceptor:NotesController#create',
];

describe.each(PLATFORMS)('the endpoint runs each guard once per request, on %s', (platform) => {
  let running: RunningApp;
  let session: RawMcpSession;
  const alice = { 'x-user': 'alice' };

  beforeAll(async () => {
    running = await startApp(
      {
        imports: [McpModule.forRoot({ name: 'guards', guards: [CountingEndpointGuard] })],
        controllers: [NotesController],
        providers: [
          WhoAmITools,
          CountingClassGuard,
          CountingMethodGuard,
          ToolUserGuard,
          { provide: APP_GUARD, useClass: CountingGlobalGuard },
          { provide: APP_INTERCEPTOR, useClass: CountingGlobalInterceptor },
        ],
      },
      undefined,
      'mcp',
      platform,
    );
    runs.length = 0;
    session = await RawMcpSession.open(running.mcpUrl, { headers: alice });
  });
  afterAll(() => running.close());
  beforeEach(() => {
    runs.length = 0;
  });

  it('runs the global guard and the guards option once for initialize, with the endpoint as handler', async () => {
    runs.length = 0;
    classes.length = 0;
    await RawMcpSession.open(running.mcpUrl, { headers: alice, initialized: false });
    expect(runs).toEqual(['global:McpEndpointRoute#serve', 'endpoint:McpEndpointRoute#serve']);
    expect(classes.every((seen) => seen.prototype instanceof McpEndpointRoute)).toBe(true);
  });

  it('runs them once for tools/list, and no global interceptor wraps the endpoint', async () => {
    const response = await session.request('tools/list');
    expect(response.status).toBe(200);
    expect(runs.filter((run) => run.startsWith('interceptor:'))).toEqual([]);
    expect(runs.filter((run) => run.startsWith('global:'))).toEqual(['global:McpEndpointRoute#serve']);
    expect(runs.filter((run) => run.startsWith('endpoint:'))).toEqual(['endpoint:McpEndpointRoute#serve']);
  });

  it('runs each guard once for a route tool call, the global ones with the route as handler', async () => {
    const response = await session.request('tools/call', { name: 'create_note', arguments: {} });
    expect(response.status).toBe(200);
    expect(resultOf(response.text)).toEqual({ user: 'alice' });
    expect(runs).toEqual(ROUTE_CALL_RUNS);
  });

  it('runs them once for a route tool call on the stateless wire', async () => {
    const response = await statelessRequest(running.mcpUrl, 'tools/call', { name: 'create_note', arguments: {} }, { headers: alice });
    expect(response.status).toBe(200);
    expect(response.body.result.structuredContent).toEqual({ user: 'alice' });
    expect(runs).toEqual(ROUTE_CALL_RUNS);
  });

  it('shows the principal a global guard set as ctx.user and ctx.request.user in a provider tool', async () => {
    const response = await session.request('tools/call', { name: 'who_am_i', arguments: {} });
    expect(resultOf(response.text)).toEqual({ ctxUser: 'alice', requestUser: 'alice' });
    expect(runs).toEqual(['global:WhoAmITools#whoAmI', 'endpoint:WhoAmITools#whoAmI', 'interceptor:WhoAmITools#whoAmI']);
  });

  it("shows the principal a provider tool's method guard set", async () => {
    const response = await session.request('tools/call', { name: 'who_am_i_guarded', arguments: {} });
    expect(resultOf(response.text)).toEqual({ ctxUser: 'set-by-method-guard', requestUser: 'set-by-method-guard' });
    expect(runs).toEqual([
      'global:WhoAmITools#whoAmIGuarded',
      'endpoint:WhoAmITools#whoAmIGuarded',
      'tool-user:WhoAmITools#whoAmIGuarded',
      'interceptor:WhoAmITools#whoAmIGuarded',
    ]);
  });

  it("reads the route's metadata in a global guard, and answers its refusal as a JSON-RPC 403 echoing the id", async () => {
    const response = await session.post({ jsonrpc: '2.0', id: 'locked-1', method: 'tools/call', params: { name: 'locked', arguments: {} } });
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ jsonrpc: '2.0', id: 'locked-1', error: { code: -32000, message: 'Forbidden resource.' } });
    expect(runs).toEqual(['global:NotesController#locked']);
  });

  it('answers UnauthorizedException with 401 and a guard failure with 500, both JSON-RPC echoing the id', async () => {
    const init = { jsonrpc: '2.0', id: 'init-1', method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
    const unauthorized = await rawRequest(running.mcpUrl, { headers: { 'x-user': 'nobody' }, body: init });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.json()).toEqual({ jsonrpc: '2.0', id: 'init-1', error: { code: -32000, message: 'Who are you?' } });
    const failed = await rawRequest(running.mcpUrl, { headers: { 'x-user': 'boom' }, body: init });
    expect(failed.status).toBe(500);
    expect(failed.json()).toEqual({ jsonrpc: '2.0', id: 'init-1', error: { code: -32603, message: 'Internal error.' } });
  });

  it('runs them once for a DELETE, with the endpoint as handler', async () => {
    const other = await RawMcpSession.open(running.mcpUrl, { headers: alice });
    runs.length = 0;
    const deleted = await other.delete();
    expect(deleted.status).toBeLessThan(300);
    expect(runs).toEqual(['global:McpEndpointRoute#serve', 'endpoint:McpEndpointRoute#serve']);
  });
});

/** A request-scoped global guard: Nest creates it per request, with the request injected. */
@Injectable({ scope: Scope.REQUEST })
class RequestScopedGlobalGuard implements CanActivate {
  constructor(@Inject(REQUEST) private readonly request: { headers: Record<string, string>; user?: unknown }) {}
  canActivate(context: ExecutionContext): boolean {
    record('scoped-global', context);
    this.request.user = { subject: `scoped:${this.request.headers['x-user']}`, scopes: [] };
    return true;
  }
}

/** A request-scoped guard of the `guards` option. */
@Injectable({ scope: Scope.REQUEST })
class RequestScopedEndpointGuard implements CanActivate {
  constructor(@Inject(REQUEST) private readonly request: object) {}
  canActivate(context: ExecutionContext): boolean {
    record(context.switchToHttp().getRequest() === this.request ? 'scoped-endpoint' : 'scoped-endpoint-other-request', context);
    return true;
  }
}

describe.each(PLATFORMS)('request-scoped guards on the endpoint run once per request, on %s', (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(
      {
        imports: [McpModule.forRoot({ name: 'scoped-guards', guards: [RequestScopedEndpointGuard] })],
        controllers: [NotesController],
        providers: [CountingClassGuard, CountingMethodGuard, { provide: APP_GUARD, useClass: RequestScopedGlobalGuard }],
      },
      undefined,
      'mcp',
      platform,
    );
  });
  afterAll(() => running.close());

  it('resolves them with the request, runs each once per call, and the route tool sees their user', async () => {
    const session = await RawMcpSession.open(running.mcpUrl, { headers: { 'x-user': 'bob' } });
    runs.length = 0;
    const response = await session.request('tools/call', { name: 'create_note', arguments: {} });
    expect(resultOf(response.text)).toEqual({ user: 'scoped:bob' });
    expect(runs).toEqual([
      'scoped-global:NotesController#create',
      'scoped-endpoint:NotesController#create',
      'class:NotesController#create',
      'method:NotesController#create',
    ]);
  });
});

import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { McpResourceDefinition } from '../discovery/mcp-definitions.js';
import { McpRegistry } from '../discovery/mcp.registry.js';
import type { McpWireCodec } from '../codecs/mcp-wire.codec.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { HandlerErrorLogger } from '../execution/handler-error.logger.js';
import { McpHttpResponseError } from '../execution/http-response.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import type { McpMethodFamily, McpMethodHandler, McpRequestScope } from '../context/mcp-request-scope.js';
import { McpSessionManager } from '../sessions/mcp-session.manager.js';
import { assertSubscriptionUriLength } from '../sessions/subscription-limits.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { describeError, renderErrorText } from '../results/error-description.js';
import { toReadResourceResult } from '../results/resource-contents.mapper.js';
import { settleInputRequired } from '../context/input-required.js';
import { createMcpContext } from '../context/mcp-context.factory.js';
import { ListPageCache } from './list-page.cache.js';
import { callerListPage } from './caller-lists.js';
import { nextCursorOf } from './pagination.js';
import { PerRevision } from './per-revision.js';


/** `resources/list`, `resources/templates/list` and `resources/read`. */
@Injectable()
export class ResourcesHandler implements McpMethodFamily {
  readonly methods: Record<string, McpMethodHandler> = {
    'resources/list': (params, scope) =>
      callerListPage(this.resourcePages, this.registry.revision, this.fixedResources.at(this.registry.revision), params.cursor, scope, this.options),
    'resources/templates/list': (params, scope) =>
      callerListPage(this.templatePages, this.registry.revision, this.templates.at(this.registry.revision), params.cursor, scope, this.options),
    'resources/subscribe': (params, scope) => this.updateSubscription(params, scope, true),
    'resources/unsubscribe': (params, scope) => this.updateSubscription(params, scope, false),
    'resources/read': async (params, scope, requestId) => {
      const uri = params.uri;
      if (typeof uri !== 'string' || uri === '') {
        throw McpProtocolError.invalidParams('resources/read needs the resource "uri" as a string.');
      }
      const found = this.registry.findResource(uri);
      if (!found) {
        throw notFound(uri, scope.codec);
      }
      const context = createMcpContext(scope, 'resources/read', requestId, params);
      return settleInputRequired(scope, async () => {
        try {
          const value = await found.definition.handler(found.variables, context);
          const result = await toReadResourceResult(value, uri, found.definition.mimeType);
          const cache = found.definition.cache;
          return cache ? scope.codec.withCacheHints(result, cache) : result;
        } catch (error) {
          this.errorLog.log(`Resource "${uri}"`, error, scope.signal);
          throw toReadError(error, uri, scope.codec);
        }
      });
    },
  };

  private readonly fixedResources = new PerRevision(() => this.registry.listResources().filter((resource) => resource.uri !== undefined));
  private readonly templates = new PerRevision(() => this.registry.listResources().filter((resource) => resource.template !== undefined));
  private readonly resourcePages: ListPageCache<McpResourceDefinition>;
  private readonly templatePages: ListPageCache<McpResourceDefinition>;

  constructor(
    private readonly registry: McpRegistry,
    private readonly sessions: McpSessionManager,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {
    this.errorLog = new HandlerErrorLogger(options.toolErrorLogLevel);
    this.resourcePages = new ListPageCache(options.pageSize, (page) => ({ resources: page.items.map(publishResource), ...nextCursorOf(page) }));
    this.templatePages = new ListPageCache(options.pageSize, (page) => ({
      resourceTemplates: page.items.map(publishTemplate),
      ...nextCursorOf(page),
    }));
  }

  private readonly errorLog: HandlerErrorLogger;

  /** Adds or removes a URI from the session's subscriptions (`resources/subscribe` / `resources/unsubscribe`). */
  private async updateSubscription(params: Record<string, unknown>, scope: McpRequestScope, subscribe: boolean) {
    const uri = params.uri;
    if (typeof uri !== 'string' || uri === '') {
      throw McpProtocolError.invalidParams(`resources/${subscribe ? 'subscribe' : 'unsubscribe'} needs the resource "uri" as a string.`);
    }
    const session = scope.session;
    if (!session) {
      throw McpProtocolError.methodNotFound(`resources/${subscribe ? 'subscribe' : 'unsubscribe'}`);
    }
    if (!subscribe) {
      await this.sessions.unsubscribe(session, uri);
      scope.session = { ...session, subscriptions: session.subscriptions.filter((each) => each !== uri) };
      return {};
    }
    // A longer URI is refused here; the store refuses one more than `maxSubscriptions`.
    assertSubscriptionUriLength(uri, this.options.session.maxSubscriptionUriLength);
    if ((await this.sessions.subscribe(session, uri)) === 'full') {
      const { maxSubscriptions } = this.options.session;
      throw McpProtocolError.invalidParams(
        `This session already subscribes to ${maxSubscriptions} resources, the most this server allows. Unsubscribe from one first.`,
      );
    }
    if (!session.subscriptions.includes(uri)) scope.session = { ...session, subscriptions: [...session.subscriptions, uri] };
    return {};
  }

}

/** "Resource not found": -32002 on the stateful wire, -32602 on the stateless one (both with `data.uri`). */
function notFound(uri: string, codec: McpWireCodec): McpProtocolError {
  return new McpProtocolError(
    codec.resourceNotFoundCode,
    `Resource "${uri}" not found. Call resources/list and resources/templates/list to see what can be read.`,
    { uri },
  );
}

/** A failed read is a protocol error: 404 → not found, other 4xx → invalid params, anything else → internal. */
function toReadError(error: unknown, uri: string, codec: McpWireCodec): McpProtocolError {
  if (error instanceof McpProtocolError) return error;
  const status =
    error instanceof HttpException ? error.getStatus() : error instanceof McpHttpResponseError ? error.status : 500;
  if (status === 404) return notFound(uri, codec);
  const description = describeError(error);
  const code = status >= 400 && status < 500 ? JsonRpcErrorCode.INVALID_PARAMS : JsonRpcErrorCode.INTERNAL_ERROR;
  return new McpProtocolError(code, `Reading "${uri}" failed: ${renderErrorText(description)}`, { uri, status });
}

function publishResource(resource: McpResourceDefinition): Record<string, unknown> {
  return {
    uri: resource.uri,
    name: resource.name,
    ...(resource.title ? { title: resource.title } : {}),
    description: resource.description,
    ...(resource.mimeType ? { mimeType: resource.mimeType } : {}),
    ...(resource.meta ? { _meta: resource.meta } : {}),
  };
}

function publishTemplate(resource: McpResourceDefinition): Record<string, unknown> {
  return {
    uriTemplate: resource.template!.template,
    name: resource.name,
    ...(resource.title ? { title: resource.title } : {}),
    description: resource.description,
    ...(resource.mimeType ? { mimeType: resource.mimeType } : {}),
    ...(resource.meta ? { _meta: resource.meta } : {}),
  };
}

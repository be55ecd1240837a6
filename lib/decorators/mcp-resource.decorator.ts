import { SetMetadata } from '@nestjs/common';
import type { McpCompleter } from '../completion/completion.types.js';
import { MCP_RESOURCE_METADATA } from '../mcp.constants.js';

/** Options shared by fixed resources and resource templates. */
interface McpResourceBaseOptions {
  /** A short programmatic name. @default the method name */
  name?: string;
  /** A human-readable title. @default undefined */
  title?: string;
  /** What the resource holds. @default the route's `@ApiOperation({ summary })` when present, else a readable form of the name */
  description?: string;
  /**
   * The MIME type of the contents. Text types (`text/*`, JSON, XML, YAML, JavaScript) are returned as `text`,
   * everything else as a base64 `blob`.
   * @default 'application/json' for objects, 'text/plain' for strings; for bytes the `StreamableFile`'s type or one
   *   sniffed from the bytes (images, audio, PDF), else 'application/octet-stream'
   */
  mimeType?: string;
  /**
   * OAuth scopes a caller needs to read the resource. Checked before the handler runs (HTTP 403 `insufficient_scope` when
   * missing, 401 without credentials) and published in `_meta.securitySchemes` as `[{ type: 'oauth2', scopes }]`.
   * @default undefined (no scope needed)
   * @example ['notes:write']
   */
  scopes?: string[];
  /**
   * Lists the definition for every caller. By default a list shows each caller only what its scopes and the
   * definition's own class and method guards allow (guards run against the list request, without arguments);
   * set this for a definition whose guards need arguments to decide.
   * @default false
   */
  alwaysListed?: boolean;
  /** Extra `_meta` published with the resource definition. @default undefined */
  meta?: Record<string, unknown>;
  /**
   * Cache hints of its `resources/read` results on the stateless wire: how long clients may reuse them and
   * whether caches may share them across users.
   * @default the module's `caching.readTtlMs` / `caching.readScope`
   */
  cache?: { ttlMs: number; scope: 'public' | 'private' };
}

/** A resource at one fixed URI. */
export interface McpFixedResourceOptions extends McpResourceBaseOptions {
  /** The resource's URI, e.g. `config://app`. */
  uri: string;
  uriTemplate?: never;
  complete?: never;
}

/** A family of resources described by an RFC 6570 (level 1) URI template. */
export interface McpTemplateResourceOptions extends McpResourceBaseOptions {
  /**
   * The URI template, e.g. `notes://notes/{id}`. On a controller route each variable becomes the route
   * parameter of the same name; on a provider method the variables are the `@McpArgs()` object.
   */
  uriTemplate: string;
  uri?: never;
  /**
   * Completers of template variables, by variable name (`completion/complete`). For a completer that needs
   * injected services, decorate a provider method with `@McpCompletion()` instead.
   * @default undefined (no suggestions)
   * @example complete: { lang: ['en', 'fr'] }
   */
  complete?: Record<string, McpCompleter>;
}

/** Options of {@link McpResource}: exactly one of `uri` and `uriTemplate`. */
export type McpResourceOptions = McpFixedResourceOptions | McpTemplateResourceOptions;

/**
 * Exposes a controller route or a provider method as an MCP resource (with `uri`) or resource template (with
 * `uriTemplate`). Whatever the handler returns becomes the resource's contents.
 *
 * @example
 * ```ts
 * @Get(':id')
 * @McpResource({ uriTemplate: 'notes://notes/{id}', mimeType: 'application/json' })
 * findOne(@Param('id') id: string) { ... }
 * ```
 */
export const McpResource = (options: McpResourceOptions): MethodDecorator =>
  SetMetadata(MCP_RESOURCE_METADATA, options);

import { Inject, Injectable } from '@nestjs/common';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import type { McpMethodFamily, McpMethodHandler, McpRequestScope } from '../context/mcp-request-scope.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { McpSkillRegistry, type McpDirectoryChild } from '../skills/mcp-skill.registry.js';
import { DIRECTORY_MIME_TYPE, type McpSkill } from '../skills/skill.types.js';
import { nextCursorOf, paginate } from './pagination.js';

/** The longest URI accepted by `skills/get` and `resources/directory/read`. */
const MAX_URI_LENGTH = 2048;

/**
 * The Agent Skills extension (`io.modelcontextprotocol/skills`): `skills/list`, `skills/get` and
 * `resources/directory/read`, on both wires. Without the `skills` option the family serves no method, so clients
 * get "method not found". Skill files themselves are read with `resources/read`.
 */
@Injectable()
export class SkillsHandler implements McpMethodFamily {
  readonly methods: Record<string, McpMethodHandler>;

  constructor(
    private readonly skills: McpSkillRegistry,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {
    this.methods = skills.enabled
      ? {
          'skills/list': async (params, scope) => {
            const page = paginate(this.skills.list(), params.cursor, this.options.pageSize);
            return this.cacheable(
              { skills: page.items.map(publishSkill), ...nextCursorOf(page) },
              scope,
            );
          },
          'skills/get': async (params, scope) => {
            const uri = uriParam(params, 'skills/get');
            const skill = this.skills.get(uri);
            if (!skill) {
              throw McpProtocolError.invalidParams(`No skill is served at "${uri}". Call skills/list to see the skills.`, {
                uri,
              });
            }
            return this.cacheable({ skill: publishSkill(skill) }, scope);
          },
          'resources/directory/read': async (params) => {
            const uri = uriParam(params, 'resources/directory/read');
            const children = this.skills.readDirectory(uri);
            if (!children) {
              throw McpProtocolError.invalidParams(
                `"${uri}" is not a directory resource of this server. Pass a skill directory such as the SKILL.md URI without "/SKILL.md".`,
                { uri },
              );
            }
            const page = paginate(children, params.cursor, this.options.pageSize);
            return {
              resources: page.items.map(publishChild),
              ...nextCursorOf(page),
            };
          },
        }
      : {};
  }

  /** Skill entries are lists and reads: on the stateless wire they carry the list cache hints. */
  private cacheable(result: Record<string, unknown>, scope: McpRequestScope): Record<string, unknown> {
    const settings = this.options.skills!;
    return scope.codec.withCacheHints(result, settings.cache);
  }
}

function uriParam(params: Record<string, unknown>, method: string): string {
  const uri = params.uri;
  if (typeof uri !== 'string' || uri === '') {
    throw McpProtocolError.invalidParams(`${method} needs "uri" as a string.`);
  }
  if (uri.length > MAX_URI_LENGTH) {
    throw McpProtocolError.invalidParams(`${method}: the "uri" is longer than ${MAX_URI_LENGTH} characters.`);
  }
  return uri;
}

function publishSkill(skill: McpSkill): Record<string, unknown> {
  return {
    uri: skill.uri,
    frontmatter: skill.frontmatter,
    resources: skill.files.map((file) => ({ uri: file.uri, digest: file.digest, size: file.size })),
  };
}

function publishChild(child: McpDirectoryChild): Record<string, unknown> {
  if (child.kind === 'directory') return { uri: child.uri, name: child.name, mimeType: DIRECTORY_MIME_TYPE };
  const name = child.file.path.slice(child.file.path.lastIndexOf('/') + 1);
  return { uri: child.file.uri, name, mimeType: child.file.mimeType, size: child.file.size };
}

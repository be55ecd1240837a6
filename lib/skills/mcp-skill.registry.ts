import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { McpRegistry } from '../discovery/mcp.registry.js';
import { McpDefinitionError } from '../errors/mcp-definition.error.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { buildSkill } from './skill.builder.js';
import { loadSkillDirectory } from './skill-directory.loader.js';
import { parseFrontmatterYaml } from './skill-frontmatter.parser.js';
import type { McpRuntimeSkill, McpSkill, McpSkillFile } from './skill.types.js';

/** A child of a directory resource: a file of a skill or a subdirectory. */
export type McpDirectoryChild = { kind: 'file'; file: McpSkillFile } | { kind: 'directory'; uri: string; name: string };

/**
 * The Agent Skills the server publishes (the `io.modelcontextprotocol/skills` extension): those read from
 * `skills.directory` at bootstrap and those added at run time. Every file of a skill is also a resource, readable
 * with `resources/read` and listed by `resources/list`.
 *
 * @example
 * ```ts
 * constructor(private readonly skills: McpSkillRegistry) {}
 *
 * onModuleInit() {
 *   this.skills.addSkill({ files: { 'SKILL.md': '---\nname: triage\ndescription: Triage new notes\n---\n# Triage\n' } });
 * }
 * ```
 */
@Injectable()
export class McpSkillRegistry implements OnApplicationBootstrap {
  private readonly logger = new Logger('McpSkillRegistry');
  private readonly skills = new Map<string, McpSkill>();
  private directories?: Map<string, McpDirectoryChild[]>;

  constructor(
    private readonly registry: McpRegistry,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  /** Whether the server serves the skills extension (the `skills` option is set). */
  get enabled(): boolean {
    return this.options.skills !== undefined;
  }

  onApplicationBootstrap(): void {
    const settings = this.options.skills;
    if (!settings) return;
    for (const directory of settings.directories) {
      for (const skill of loadSkillDirectory(directory, settings.parseFrontmatter ?? parseFrontmatterYaml)) {
        this.register(skill);
      }
    }
    if (settings.directories.length > 0) this.logger.log(`Serving ${this.skills.size} skills`);
  }

  /** Every skill, in registration order. */
  list(): McpSkill[] {
    return [...this.skills.values()];
  }

  /** The skill whose `SKILL.md` has this URI. */
  get(uri: string): McpSkill | undefined {
    return this.skills.get(uri);
  }

  /**
   * Adds a skill at run time from its files. Throws an {@link McpDefinitionError} when the skill breaks the Agent
   * Skills rules (no `SKILL.md`, no frontmatter `name`/`description`, an invalid name) or a URI is taken.
   */
  addSkill(skill: McpRuntimeSkill): McpSkill {
    if (!this.enabled) {
      throw new McpDefinitionError('runtime', 'Skills are not enabled: set the "skills" option of McpModule (for example "skills: {}")');
    }
    const files = new Map(
      Object.entries(skill.files).map(([path, content]) => [
        path,
        typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content),
      ]),
    );
    let built: McpSkill;
    try {
      built = buildSkill(skill.prefix ?? '', files, this.options.skills?.parseFrontmatter ?? parseFrontmatterYaml, 'runtime');
    } catch (error) {
      throw new McpDefinitionError('runtime', `Invalid skill: ${(error as Error).message}`);
    }
    this.register(built);
    return built;
  }

  /** Removes a skill and its file resources, by the URI of its `SKILL.md`; returns whether it existed. */
  removeSkill(uri: string): boolean {
    const skill = this.skills.get(uri);
    if (!skill) return false;
    this.skills.delete(uri);
    this.directories = undefined;
    for (const file of skill.files) {
      if (!this.ownsFileElsewhere(file.uri)) this.registry.removeResource(file.uri);
    }
    return true;
  }

  /** The direct children of a directory resource (`skill://acme`, `skill://pdf-processing/templates`), or undefined. */
  readDirectory(uri: string): McpDirectoryChild[] | undefined {
    this.directories ??= this.buildDirectories();
    return this.directories.get(uri);
  }

  private register(skill: McpSkill): void {
    const existing = this.skills.get(skill.uri);
    if (existing) {
      throw new McpDefinitionError(
        skill.source,
        `Duplicate skill "${skill.uri}": it is already published from "${existing.source}". Give one of them another prefix`,
      );
    }
    this.skills.set(skill.uri, skill);
    this.directories = undefined;
    for (const file of skill.files) {
      if (this.registry.findResource(file.uri)?.definition.uri === file.uri) continue;
      const isManifest = file.uri === skill.uri;
      const content = file.content;
      this.registry.registerResource({
        uri: file.uri,
        name: isManifest ? skill.frontmatter.name : file.path,
        description: isManifest
          ? skill.frontmatter.description
          : `File "${file.path}" of the skill "${skill.frontmatter.name}"`,
        mimeType: file.mimeType,
        handler: () => content,
        source: skill.source,
      });
    }
  }

  /** A nested skill's files also belong to the enclosing skill: keep the resource while another skill lists it. */
  private ownsFileElsewhere(uri: string): boolean {
    return this.list().some((skill) => skill.files.some((file) => file.uri === uri));
  }

  private buildDirectories(): Map<string, McpDirectoryChild[]> {
    const children = new Map<string, Map<string, McpDirectoryChild>>();
    const childrenOf = (directory: string) => {
      let map = children.get(directory);
      if (!map) children.set(directory, (map = new Map()));
      return map;
    };
    for (const skill of this.skills.values()) {
      for (const file of skill.files) {
        const segments = file.uri.slice('skill://'.length).split('/');
        for (let depth = 1; depth < segments.length; depth += 1) {
          const directory = `skill://${segments.slice(0, depth).join('/')}`;
          const name = segments[depth]!;
          const childUri = `${directory}/${name}`;
          const isFile = depth === segments.length - 1;
          childrenOf(directory).set(childUri, isFile ? { kind: 'file', file } : { kind: 'directory', uri: childUri, name });
        }
      }
    }
    return new Map([...children].map(([uri, map]) => [uri, [...map.values()]]));
  }
}

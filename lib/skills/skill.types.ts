/** The extension identifier of Agent Skills over MCP (SEP-2640). */
export const SKILLS_EXTENSION = 'io.modelcontextprotocol/skills';

/** The MIME type of directory resources (`resources/directory/read`). */
export const DIRECTORY_MIME_TYPE = 'inode/directory';

/** One file of a skill as the server holds it. */
export interface McpSkillFile {
  /** `skill://<skill-path>/<file-path>`. */
  readonly uri: string;
  /** The path inside the skill directory, with `/` separators. */
  readonly path: string;
  readonly mimeType: string;
  readonly content: Buffer;
  /** `sha256:<64 lowercase hex>` of the raw bytes. */
  readonly digest: string;
  readonly size: number;
}

/** A published skill: its `SKILL.md` URI, its frontmatter and every file. */
export interface McpSkill {
  /** `skill://<skill-path>/SKILL.md`. */
  readonly uri: string;
  /** `<skill-path>`: optional prefix segments, then the skill name. */
  readonly skillPath: string;
  readonly frontmatter: Readonly<Record<string, unknown>> & { readonly name: string; readonly description: string };
  /** Every file, `SKILL.md` first. */
  readonly files: readonly McpSkillFile[];
  /** Where it came from: a directory on disk or `"runtime"`. */
  readonly source: string;
}

/** A skill added at run time with {@link McpSkillRegistry.addSkill}. */
export interface McpRuntimeSkill {
  /**
   * Segments placed before the skill name in its URI, e.g. `'acme/billing'` for `skill://acme/billing/refunds/SKILL.md`.
   * @default '' (the skill sits at `skill://<name>/SKILL.md`)
   */
  prefix?: string;
  /** The skill's files by path inside the skill; `SKILL.md` is required. Strings are stored as UTF-8. */
  files: Record<string, string | Uint8Array>;
}

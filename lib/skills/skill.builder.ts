import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { extractFrontmatter, type McpFrontmatterParser } from './skill-frontmatter.parser.js';
import type { McpSkill, McpSkillFile } from './skill.types.js';

/** Agent Skills naming rules: 1-64 lowercase letters, digits and hyphens, no leading, trailing or double hyphen. */
const SKILL_NAME = /^(?!.*--)[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** A URI path segment we are willing to publish (RFC 3986 unreserved characters). */
const SEGMENT = /^[A-Za-z0-9._~-]+$/;
/** Per-skill limits every conforming host accepts. */
export const SKILL_LIMITS = { files: 512, bytes: 16 * 1024 * 1024 } as const;

const TEXT_TYPES: Record<string, string> = {
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.xml': 'application/xml',
  '.html': 'text/html',
  '.css': 'text/css',
  '.csv': 'text/csv',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.ts': 'text/x-typescript',
  '.py': 'text/x-python',
  '.sh': 'text/x-shellscript',
  '.sql': 'text/x-sql',
};

/**
 * Builds a skill from its files: parses the `SKILL.md` frontmatter, checks the name and paths against the Agent
 * Skills rules and the extension's limits, and computes every digest and size. Throws an `Error` saying what to
 * fix; callers wrap it with where the skill came from.
 */
export function buildSkill(
  prefix: string,
  files: ReadonlyMap<string, Buffer>,
  parseFrontmatter: McpFrontmatterParser,
  source: string,
): McpSkill {
  const manifest = files.get('SKILL.md');
  if (!manifest) throw new Error('the skill has no SKILL.md at its root');
  const yaml = extractFrontmatter(manifest.toString('utf8'));
  if (yaml === undefined) throw new Error('SKILL.md does not begin with a "---" delimited YAML frontmatter block');
  let frontmatter: Record<string, unknown>;
  try {
    frontmatter = parseFrontmatter(yaml);
  } catch (error) {
    throw new Error(`the SKILL.md frontmatter cannot be parsed: ${(error as Error).message}`);
  }
  const { name, description } = frontmatter;
  if (typeof name !== 'string' || !SKILL_NAME.test(name)) {
    throw new Error(
      `the frontmatter "name" ${JSON.stringify(name)} is not a valid skill name: use 1-64 lowercase letters, digits and single hyphens`,
    );
  }
  if (typeof description !== 'string' || description.trim() === '') {
    throw new Error('the frontmatter needs a non-empty "description"');
  }
  const prefixSegments = prefix.split('/').filter((segment) => segment !== '');
  for (const segment of prefixSegments) {
    if (!SEGMENT.test(segment) || segment === '.' || segment === '..') {
      throw new Error(`the prefix segment "${segment}" is not a plain URI path segment (letters, digits, ".", "_", "~", "-")`);
    }
  }
  const skillPath = [...prefixSegments, name].join('/');
  const paths = ['SKILL.md', ...[...files.keys()].filter((path) => path !== 'SKILL.md').sort()];
  if (paths.length > SKILL_LIMITS.files) {
    throw new Error(`the skill has ${paths.length} files; hosts only guarantee ${SKILL_LIMITS.files}`);
  }
  let total = 0;
  const skillFiles: McpSkillFile[] = paths.map((path) => {
    assertFilePath(path);
    const content = files.get(path)!;
    total += content.length;
    return {
      uri: `skill://${skillPath}/${path}`,
      path,
      mimeType: mimeTypeOf(path, content),
      content,
      digest: `sha256:${createHash('sha256').update(content).digest('hex')}`,
      size: content.length,
    };
  });
  if (total > SKILL_LIMITS.bytes) {
    throw new Error(`the skill's files total ${total} bytes; hosts only guarantee ${SKILL_LIMITS.bytes}`);
  }
  return {
    uri: `skill://${skillPath}/SKILL.md`,
    skillPath,
    frontmatter: frontmatter as McpSkill['frontmatter'],
    files: skillFiles,
    source,
  };
}

function assertFilePath(path: string): void {
  const segments = path.split('/');
  if (segments.some((segment) => !SEGMENT.test(segment) || segment === '.' || segment === '..')) {
    throw new Error(
      `the file path "${path}" cannot be published as a URI: use letters, digits, ".", "_", "~" and "-" in each segment`,
    );
  }
}

/**
 * The MIME type of a skill file: bytes that are not UTF-8 text are octet-stream (served as a blob, so the digest
 * covers what the client decodes); text gets its type from the extension, else text/plain.
 */
function mimeTypeOf(path: string, content: Buffer): string {
  if (!isUtf8Text(content)) return 'application/octet-stream';
  return TEXT_TYPES[extname(path).toLowerCase()] ?? 'text/plain';
}

function isUtf8Text(content: Buffer): boolean {
  if (content.includes(0)) return false;
  return Buffer.from(content.toString('utf8'), 'utf8').equals(content);
}

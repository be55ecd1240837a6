import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { McpDefinitionError } from '../errors/mcp-definition.error.js';
import { buildSkill } from './skill.builder.js';
import type { McpFrontmatterParser } from './skill-frontmatter.parser.js';
import type { McpSkill } from './skill.types.js';

/**
 * Reads every skill under a directory: each folder holding a `SKILL.md` is a skill, published at
 * `skill://<path of the folder>/SKILL.md` (so a folder's name must equal its frontmatter `name`). A skill's files
 * are every file under its folder, nested skills included; hidden entries (starting with ".") are skipped.
 * Symbolic links are followed only while they stay inside the directory. Contents are read once, here, and
 * served from memory: no request ever touches the file system.
 */
export function loadSkillDirectory(directory: string, parseFrontmatter: McpFrontmatterParser): McpSkill[] {
  let root: string;
  try {
    root = realpathSync(directory);
    if (!statSync(root).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    throw new McpDefinitionError(
      `skills.directory "${directory}"`,
      `Cannot read the skills directory: ${(error as Error).message}. Point "skills.directory" at a folder of skills`,
    );
  }
  const files = new Map<string, Buffer>();
  walk(root, root, files, new Set());
  const skillFolders = [...files.keys()]
    .filter((path) => path === 'SKILL.md' || path.endsWith('/SKILL.md'))
    .map((path) => path.slice(0, -'SKILL.md'.length).replace(/\/$/, ''));
  return skillFolders.map((folder) => {
    const source = `skills.directory "${directory}" (${folder || '.'})`;
    if (folder === '') {
      throw new McpDefinitionError(source, 'A SKILL.md sits at the root of the skills directory: put each skill in its own folder');
    }
    const own = new Map<string, Buffer>();
    for (const [path, content] of files) {
      if (path.startsWith(`${folder}/`)) own.set(path.slice(folder.length + 1), content);
    }
    const prefix = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '';
    let skill: McpSkill;
    try {
      skill = buildSkill(prefix, own, parseFrontmatter, source);
    } catch (error) {
      throw new McpDefinitionError(source, `Invalid skill: ${(error as Error).message}`);
    }
    if (skill.frontmatter.name !== basename(folder)) {
      throw new McpDefinitionError(
        source,
        `The folder "${basename(folder)}" holds a skill named "${skill.frontmatter.name}": rename the folder or the skill so they match`,
      );
    }
    return skill;
  });
}

function walk(root: string, folder: string, files: Map<string, Buffer>, visited: Set<string>): void {
  if (visited.has(folder)) return;
  visited.add(folder);
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    const target = entry.isSymbolicLink() ? resolveInside(root, path) : path;
    const stats = statSync(target);
    if (stats.isDirectory()) {
      walk(root, target, files, visited);
    } else if (stats.isFile()) {
      files.set(relative(root, path).split(sep).join('/'), readFileSync(target));
    }
  }
}

/** The target of a symbolic link, which must stay inside the skills directory. */
function resolveInside(root: string, link: string): string {
  let target: string;
  try {
    target = realpathSync(link);
  } catch {
    throw new McpDefinitionError(`skills.directory "${root}"`, `The symbolic link "${link}" is broken: remove it or fix its target`);
  }
  if (target !== root && !target.startsWith(`${root}${sep}`)) {
    throw new McpDefinitionError(
      `skills.directory "${root}"`,
      `The symbolic link "${link}" points outside the skills directory (to "${target}"): copy the file into the skill instead`,
    );
  }
  return target;
}

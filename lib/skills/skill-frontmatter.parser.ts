/** Parses the YAML text between a `SKILL.md`'s `---` markers into a plain object. */
export type McpFrontmatterParser = (yaml: string) => Record<string, unknown>;

/** The YAML frontmatter block at the start of a `SKILL.md` (a leading byte-order mark is ignored). */
export function extractFrontmatter(markdown: string): string | undefined {
  const text = markdown.charCodeAt(0) === 0xfeff ? markdown.slice(1) : markdown;
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  return match?.[1];
}

interface Line {
  indent: number;
  text: string;
  number: number;
}

/**
 * A dependency-free parser for the YAML that skill frontmatter uses: nested block mappings, block sequences of
 * scalars, plain/single-quoted/double-quoted scalars (resolved by the YAML 1.2 core schema), literal (`|`) and
 * folded (`>`) block scalars, and one-line flow sequences of scalars. Anchors, tags, multi-document streams and
 * nested flow collections are refused with an error naming the line; plug a full YAML parser through the
 * `skills.parseFrontmatter` option for those.
 */
export const parseFrontmatterYaml: McpFrontmatterParser = (yaml) => {
  const lines = yaml.split(/\r?\n/).map((raw, index) => ({
    indent: raw.length - raw.trimStart().length,
    text: raw.trim(),
    raw,
    number: index + 1,
  }));
  const state = { lines, position: 0 };
  const value = parseBlock(state, 0);
  skipBlank(state);
  if (state.position < lines.length) {
    throw new Error(`line ${lines[state.position]!.number}: unexpected indentation`);
  }
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('the frontmatter is not a mapping');
  return value as Record<string, unknown>;
};

interface State {
  lines: (Line & { raw: string })[];
  position: number;
}

function skipBlank(state: State): void {
  while (state.position < state.lines.length) {
    const line = state.lines[state.position]!;
    if (line.text !== '' && !line.text.startsWith('#')) return;
    state.position += 1;
  }
}

function parseBlock(state: State, minIndent: number): unknown {
  skipBlank(state);
  const first = state.lines[state.position];
  if (!first || first.indent < minIndent) return null;
  return first.text === '-' || first.text.startsWith('- ') ? parseSequence(state, first.indent) : parseMapping(state, first.indent);
}

function parseMapping(state: State, indent: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (skipBlank(state); state.position < state.lines.length; skipBlank(state)) {
    const line = state.lines[state.position]!;
    if (line.indent < indent) break;
    if (line.indent > indent) throw new Error(`line ${line.number}: unexpected indentation`);
    const colon = findMappingColon(line.text);
    if (colon < 0) throw new Error(`line ${line.number}: expected "key: value"`);
    const key = String(parseScalar(line.text.slice(0, colon).trim(), line.number));
    if (Object.prototype.hasOwnProperty.call(result, key)) throw new Error(`line ${line.number}: duplicate key "${key}"`);
    const rest = line.text.slice(colon + 1).trim();
    state.position += 1;
    // defineProperty keeps a "__proto__" key an ordinary property instead of replacing the prototype.
    Object.defineProperty(result, key, {
      value: parseValue(state, rest, indent, line.number),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

function parseSequence(state: State, indent: number): unknown[] {
  const result: unknown[] = [];
  for (skipBlank(state); state.position < state.lines.length; skipBlank(state)) {
    const line = state.lines[state.position]!;
    const isItem = line.text === '-' || line.text.startsWith('- ');
    // A list may sit at its key's indentation; the next key at that indentation ends it.
    if (line.indent < indent || (line.indent === indent && !isItem)) break;
    if (line.indent > indent) throw new Error(`line ${line.number}: expected a "- item" of the list`);
    const rest = line.text.slice(1).trim();
    if (findMappingColon(rest) >= 0) throw new Error(`line ${line.number}: mappings inside lists are not supported`);
    state.position += 1;
    result.push(parseValue(state, rest, indent, line.number));
  }
  return result;
}

function parseValue(state: State, rest: string, indent: number, lineNumber: number): unknown {
  const text = stripComment(rest);
  if (text === '') {
    const next = nextContent(state);
    if (next && (next.indent > indent || (next.indent === indent && (next.text === '-' || next.text.startsWith('- '))))) {
      return parseBlock(state, next.indent);
    }
    return null;
  }
  if (/^[|>][+-]?$/.test(text)) return parseBlockScalar(state, text, indent);
  return parseScalar(text, lineNumber);
}

function nextContent(state: State): Line | undefined {
  for (let index = state.position; index < state.lines.length; index += 1) {
    const line = state.lines[index]!;
    if (line.text !== '' && !line.text.startsWith('#')) return line;
  }
  return undefined;
}

function parseBlockScalar(state: State, header: string, parentIndent: number): string {
  const body: string[] = [];
  let blockIndent = -1;
  while (state.position < state.lines.length) {
    const line = state.lines[state.position]!;
    if (line.text !== '') {
      if (line.indent <= parentIndent) break;
      if (blockIndent < 0) blockIndent = line.indent;
      if (line.indent < blockIndent) break;
    }
    body.push(line.text === '' ? '' : line.raw.slice(blockIndent));
    state.position += 1;
  }
  while (body.length > 0 && body[body.length - 1] === '') body.pop();
  const folded = header.startsWith('>')
    ? body.reduce((text, line, index) => {
        if (index === 0) return line;
        if (line === '') return `${text}\n`;
        return text.endsWith('\n') ? `${text}${line}` : `${text} ${line}`;
      }, '')
    : body.join('\n');
  if (header.endsWith('-')) return folded;
  return body.length > 0 ? `${folded}\n` : '';
}

/** The index of the `:` that separates a key from its value, outside quotes; -1 when there is none. */
function findMappingColon(text: string): number {
  let quote = '';
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quote) {
      if (char === quote) quote = '';
    } else if ((char === '"' || char === "'") && index === 0) {
      quote = char;
    } else if (char === ':' && (index + 1 === text.length || text[index + 1] === ' ' || text[index + 1] === '\t')) {
      return index;
    } else if (char === '#' && index > 0 && /\s/.test(text[index - 1]!)) {
      return -1;
    }
  }
  return -1;
}

function stripComment(text: string): string {
  if (text.startsWith('"') || text.startsWith("'")) return text;
  const comment = /(^|\s)#/.exec(text);
  return (comment ? text.slice(0, comment.index) : text).trim();
}

function parseScalar(text: string, lineNumber: number): unknown {
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new Error(`line ${lineNumber}: unterminated double-quoted string`);
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new Error(`line ${lineNumber}: unsupported escape in a double-quoted string`);
    }
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new Error(`line ${lineNumber}: unterminated single-quoted string`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text.startsWith('[')) return parseFlowSequence(text, lineNumber);
  if (/^[{&*!%@`]/.test(text) || text.startsWith('|') || text.startsWith('>')) {
    throw new Error(`line ${lineNumber}: "${text.slice(0, 20)}" uses YAML this parser does not support`);
  }
  return resolvePlain(text);
}

function parseFlowSequence(text: string, lineNumber: number): unknown[] {
  if (!text.endsWith(']')) throw new Error(`line ${lineNumber}: unterminated flow sequence`);
  const inner = text.slice(1, -1).trim();
  if (inner === '') return [];
  if (/[[\]{}]/.test(inner)) throw new Error(`line ${lineNumber}: nested flow collections are not supported`);
  const items = inner.match(/\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,]+)/g) ?? [];
  return items.map((item) => item.trim()).filter((item) => item !== '').map((item) => parseScalar(item, lineNumber));
}

/** Plain scalars by the YAML 1.2 core schema: null, booleans, integers, floats, else the string itself. */
function resolvePlain(text: string): unknown {
  if (/^(?:~|null|Null|NULL)$/.test(text)) return null;
  if (/^(?:true|True|TRUE)$/.test(text)) return true;
  if (/^(?:false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number.parseInt(text, 10);
  if (/^0o[0-7]+$/.test(text)) return Number.parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(text)) return Number.parseFloat(text);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(text)) return Number.NaN;
  return text;
}

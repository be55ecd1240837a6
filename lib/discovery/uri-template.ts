/**
 * An RFC 6570 level-1 URI template (`notes://notes/{id}`): literal text and simple `{name}` variables.
 * Matching is anchored and a variable never spans a `/`.
 */
export class UriTemplate {
  /** The variable names, in order. */
  readonly variables: readonly string[];
  /** The literal text around the variables: one more than there are variables (the first and last may be empty). */
  private readonly literals: readonly string[];

  private constructor(
    readonly template: string,
    variables: string[],
    literals: string[],
  ) {
    this.variables = variables;
    this.literals = literals;
  }

  /**
   * Parses a template; throws an `Error` whose message says what is wrong when it is not valid level-1 syntax
   * (unbalanced braces, operators such as `{+x}`, empty or repeated names, no variable at all).
   */
  static parse(template: string): UriTemplate {
    const variables: string[] = [];
    const literals: string[] = [];
    let rest = template;
    while (rest.length > 0) {
      const open = rest.indexOf('{');
      const close = rest.indexOf('}');
      if (open === -1) {
        if (close !== -1) {
          throw new Error(`URI template "${template}" has a "}" without a matching "{".`);
        }
        break;
      }
      if (close !== -1 && close < open) {
        throw new Error(`URI template "${template}" has a "}" without a matching "{".`);
      }
      const end = rest.indexOf('}', open);
      if (end === -1) {
        throw new Error(`URI template "${template}" has a "{" without a matching "}".`);
      }
      const name = rest.slice(open + 1, end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) {
        throw new Error(
          `URI template "${template}" has the variable "{${name}}"; only simple {name} variables (letters, digits, _) are supported.`,
        );
      }
      if (variables.includes(name)) {
        throw new Error(`URI template "${template}" repeats the variable "{${name}}".`);
      }
      variables.push(name);
      literals.push(rest.slice(0, open));
      rest = rest.slice(end + 1);
    }
    if (variables.length === 0) {
      throw new Error(`URI template "${template}" has no {variable}; use "uri" for a fixed resource.`);
    }
    literals.push(rest);
    return new UriTemplate(template, variables, literals);
  }

  /**
   * The variables of a URI that matches the template, or `undefined`. Values are percent-decoded. Each variable
   * takes the longest value (never spanning a `/`) that lets the rest match: `{name}.{ext}` reads `a.tar.gz` as
   * `a.tar` and `gz`.
   */
  match(uri: string): Record<string, string> | undefined {
    const spans = this.spansIn(uri);
    if (!spans) {
      return undefined;
    }
    const values: Record<string, string> = {};
    this.variables.forEach((name, index) => {
      values[name] = safeDecode(uri.slice(spans[2 * index], spans[2 * index + 1]));
    });
    return values;
  }

  /**
   * Where each variable's value starts and ends in `uri`, or `undefined` when the URI does not match. Found in
   * time linear in the URI's length: a backtracking regular expression (`^a([^/]+)\.([^/]+)$`) takes quadratic
   * time or worse on a long URI whose variables share a path segment, and one `resources/read` could block the
   * event loop for minutes.
   */
  private spansIn(uri: string): number[] | undefined {
    const { literals } = this;
    const count = this.variables.length;
    const length = uri.length;
    const start = literals[0]!.length;
    if (!uri.startsWith(literals[0]!)) return undefined;
    // ends[i][e] is 1 when variable i may end at e: its following literal is at e and the rest matches after it.
    const ends: Uint8Array[] = [];
    let matchesFrom = (position: number) => position === length;
    for (let index = count - 1; index >= 0; index -= 1) {
      const literal = literals[index + 1]!;
      const then = matchesFrom;
      const end = new Uint8Array(length + 1);
      for (let position = 1; position <= length; position += 1) {
        if (uri.startsWith(literal, position) && then(position + literal.length)) end[position] = 1;
      }
      ends[index] = end;
      // Variable `index` can start at p when it can end somewhere in (p, next "/" or the end], scanning leftwards.
      const startable = new Uint8Array(length + 1);
      let endsAhead = false;
      for (let position = length - 1; position >= 0; position -= 1) {
        endsAhead = end[position + 1] === 1 || (uri.charCodeAt(position + 1) !== SLASH && endsAhead);
        if (uri.charCodeAt(position) !== SLASH && endsAhead) startable[position] = 1;
      }
      matchesFrom = (position) => startable[position] === 1;
    }
    if (!matchesFrom(start)) return undefined;
    const spans: number[] = [];
    let position = start;
    for (let index = 0; index < count; index += 1) {
      const slash = uri.indexOf('/', position);
      let end = slash === -1 ? length : slash;
      while (ends[index]![end] !== 1) end -= 1;
      spans.push(position, end);
      position = end + literals[index + 1]!.length;
    }
    return spans;
  }
}

const SLASH = 0x2f;

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * An RFC 6570 level-1 URI template (`notes://notes/{id}`): literal text and simple `{name}` variables.
 * Matching is anchored and a variable never spans a `/`.
 */
export class UriTemplate {
  /** The variable names, in order. */
  readonly variables: readonly string[];
  private readonly pattern: RegExp;

  private constructor(
    readonly template: string,
    variables: string[],
    pattern: RegExp,
  ) {
    this.variables = variables;
    this.pattern = pattern;
  }

  /**
   * Parses a template; throws an `Error` whose message says what is wrong when it is not valid level-1 syntax
   * (unbalanced braces, operators such as `{+x}`, empty or repeated names, no variable at all).
   */
  static parse(template: string): UriTemplate {
    const variables: string[] = [];
    let source = '^';
    let rest = template;
    while (rest.length > 0) {
      const open = rest.indexOf('{');
      const close = rest.indexOf('}');
      if (open === -1) {
        if (close !== -1) {
          throw new Error(`URI template "${template}" has a "}" without a matching "{".`);
        }
        source += escapeRegExp(rest);
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
      source += `${escapeRegExp(rest.slice(0, open))}([^/]+)`;
      rest = rest.slice(end + 1);
    }
    if (variables.length === 0) {
      throw new Error(`URI template "${template}" has no {variable}; use "uri" for a fixed resource.`);
    }
    return new UriTemplate(template, variables, new RegExp(`${source}$`));
  }

  /** The variables of a URI that matches the template, or `undefined`. Values are percent-decoded. */
  match(uri: string): Record<string, string> | undefined {
    const found = this.pattern.exec(uri);
    if (!found) {
      return undefined;
    }
    const values: Record<string, string> = {};
    this.variables.forEach((name, index) => {
      values[name] = safeDecode(found[index + 1]!);
    });
    return values;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * A JSON object already serialized: a result computed once (a cached list page) and spliced into every response
 * as text, without being rebuilt or re-serialized. The reply writer splices it ({@link serializeJsonRpcMessage});
 * anywhere else, `JSON.stringify` still gives the same JSON through `toJSON`, only slower.
 */
export class JsonObjectFragment {
  private constructor(
    /** The object's members as JSON text, without the braces (`"a":1,"b":[]`), or `''` for none. */
    readonly members: string,
    /** The names of those members (a result's top level: a handful). */
    readonly keys: readonly string[],
  ) {}

  /** Serializes a plain object once. */
  static of(value: Readonly<Record<string, unknown>>): JsonObjectFragment {
    const json = JSON.stringify(value);
    const keys = Object.keys(value).filter((key) => value[key] !== undefined);
    return new JsonObjectFragment(json.slice(1, -1), keys);
  }

  /**
   * An object from members already serialized (`"a":1,"b":[]`, no braces) and their names: for a result whose
   * JSON is assembled from text computed anyway (a tool result's text spliced as its `structuredContent`).
   */
  static fromMembers(members: string, keys: readonly string[]): JsonObjectFragment {
    return new JsonObjectFragment(members, keys);
  }

  /** This object with more members in front; a member it already has keeps its value. */
  withMembers(extra: Readonly<Record<string, unknown>>): JsonObjectFragment {
    let members = '';
    let added: string[] | undefined;
    for (const key in extra) {
      const value = extra[key];
      if (value === undefined || this.keys.includes(key) || added?.includes(key)) continue;
      (added ??= []).push(key);
      members += `${JSON.stringify(key)}:${JSON.stringify(value)},`;
    }
    if (!added) return this;
    return new JsonObjectFragment(this.members === '' ? members.slice(0, -1) : members + this.members, [...added, ...this.keys]);
  }

  /** The JSON text of the object. */
  toString(): string {
    return `{${this.members}}`;
  }

  /** The object itself, for a serializer that does not splice fragments. */
  toJSON(): Record<string, unknown> {
    return JSON.parse(this.toString()) as Record<string, unknown>;
  }
}

/** A result as a method handler returns it: a plain object, or one already serialized. */
export type McpResultValue = Record<string, unknown> | JsonObjectFragment;

/**
 * Serializes a JSON-RPC message (or any JSON value) the way `JSON.stringify` does, splicing a top-level `result`
 * that is a {@link JsonObjectFragment} as text.
 */
export function serializeJsonRpcMessage(message: unknown): string {
  if (message === null || typeof message !== 'object' || !((message as { result?: unknown }).result instanceof JsonObjectFragment)) {
    return JSON.stringify(message);
  }
  const { result, ...rest } = message as { result: JsonObjectFragment };
  const head = JSON.stringify(rest);
  return head === '{}' ? `{"result":${result.toString()}}` : `${head.slice(0, -1)},"result":${result.toString()}}`;
}

import type { McpCompleter, McpCompleterReturn, McpCompletionContext } from './completion.types.js';

/** The most values one `completion/complete` result may carry (spec). */
export const MAX_COMPLETION_VALUES = 100;

/** The `completion` object of a `completion/complete` result. */
export interface McpCompletion {
  values: string[];
  total: number;
  hasMore: boolean;
}

/** Runs a completer and shapes its answer for the wire: strings only, at most 100, with `total` and `hasMore`. */
export async function complete(completer: McpCompleter, context: McpCompletionContext): Promise<McpCompletion> {
  if (typeof completer !== 'function') {
    const prefix = context.value.toLowerCase();
    return shape(completer.filter((value) => value.toLowerCase().startsWith(prefix)));
  }
  return shape(await completer(context.value, context));
}

function shape(returned: McpCompleterReturn | null | undefined): McpCompletion {
  if (returned && typeof returned === 'object' && 'values' in returned && !isIterable(returned)) {
    const all = toStrings(returned.values);
    const values = all.slice(0, MAX_COMPLETION_VALUES);
    const total = Number.isInteger(returned.total) && returned.total! >= values.length ? returned.total! : all.length;
    return { values, total, hasMore: returned.hasMore ?? total > values.length };
  }
  const all = toStrings(returned ?? []);
  const values = all.slice(0, MAX_COMPLETION_VALUES);
  return { values, total: all.length, hasMore: all.length > values.length };
}

function isIterable(value: object): value is Iterable<unknown> {
  return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

function toStrings(values: unknown): string[] {
  if (!values || typeof values !== 'object' || !isIterable(values)) return [];
  const strings: string[] = [];
  for (const value of values) {
    if (typeof value === 'string') strings.push(value);
  }
  return strings;
}

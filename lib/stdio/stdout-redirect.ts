/** What `process.stdout.write` is while redirected. */
type Write = typeof process.stdout.write;

/**
 * Points `process.stdout.write` at stderr, so `console.log()` and libraries that print cannot corrupt the JSON-RPC
 * stream, and returns a writer that still reaches the real stdout (for the transport alone) and a function that
 * undoes the redirection.
 */
export function redirectStdout(): { write: Write; restore(): void } {
  const stdout = process.stdout;
  const original = stdout.write;
  const toStderr = ((...args: Parameters<Write>) => process.stderr.write(...(args as [never]))) as Write;
  stdout.write = toStderr;
  return {
    write: original.bind(stdout) as Write,
    restore: () => {
      if (stdout.write === toStderr) stdout.write = original;
    },
  };
}

/**
 * Invalid module options, all of them at once: one line per option, each naming the option and what it accepts.
 * Thrown at bootstrap; never sent to a client.
 */
export class McpOptionsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid McpModule options; fix each of these:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'McpOptionsError';
  }
}

import { fileURLToPath } from 'node:url';

/** The repository root: the sample runs from there so its TypeScript resolves `nestjs-mcp` to `lib/`. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * How to start the sample's stdio entry as a child process: Node runs `sample/main-stdio.ts` through
 * @swc-node/register, which maps `nestjs-mcp` and `nestjs-mcp/stdio` to `lib/` through tsconfig.json's paths, so
 * the test runs the current sources without a build. Jest's NODE_OPTIONS (VM modules) are not passed on.
 */
export function sampleStdioCommand(env: Record<string, string> = {}): {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
} {
  const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return {
    command: process.execPath,
    args: ['--import', '@swc-node/register/esm-register', 'sample/main-stdio.ts'],
    cwd: ROOT,
    env: { ...inherited, NODE_OPTIONS: '', SWC_NODE_PROJECT: 'tsconfig.json', ...env },
  };
}

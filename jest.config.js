/**
 * Jest in native ESM mode (run with NODE_OPTIONS=--experimental-vm-modules, as `npm test` does).
 * @swc/jest compiles TypeScript with decorator metadata, which Nest's DI and the schema derivation read.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^nestjs-mcp$': '<rootDir>/lib/index.ts',
    '^nestjs-mcp/testing$': '<rootDir>/lib/testing/index.ts',
    '^nestjs-mcp/redis$': '<rootDir>/lib/redis/index.ts',
    '^nestjs-mcp/stdio$': '<rootDir>/lib/stdio/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  roots: ['<rootDir>/lib', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  testTimeout: 20000,
};

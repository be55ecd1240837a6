/**
 * The end-to-end suite against NestJS 11: the repository's Jest config with every `@nestjs/*` import mapped to a
 * Nest 11 install (`NEST11_DIR`, made by `scripts/compat.mjs --e2e`). Packages Nest 11 does not bring
 * (class-validator, class-transformer, the MCP clients) resolve from the repository, so decorators and Nest share
 * one copy of each.
 */
import { resolve } from 'node:path';
import base from '../../jest.config.js';

const nest11 = process.env.NEST11_DIR;
if (!nest11) {
  throw new Error('Set NEST11_DIR to a directory whose node_modules holds NestJS 11 (see scripts/compat.mjs --e2e).');
}
const rootDir = resolve(import.meta.dirname, '..', '..');

/** @type {import('jest').Config} */
export default {
  ...base,
  rootDir,
  roots: ['<rootDir>/test'],
  modulePaths: ['<rootDir>/node_modules'],
  moduleNameMapper: {
    [`^@nestjs/(common|core|platform-express|platform-fastify|testing|swagger)(/.*)?$`]: `${resolve(nest11, 'node_modules')}/@nestjs/$1$2`,
    ...base.moduleNameMapper,
  },
  testPathIgnorePatterns: ['/node_modules/', '/test/redis/', '/test/compat/'],
};

import { createRequire } from 'node:module';
import { NestFactory } from '@nestjs/core';

/** Pins which NestJS major the suite runs on: 11 under `test/compat/jest.nest11.config.js`, else 12. */
describe('the NestJS the suite runs against', () => {
  it('is the major the run was set up for', () => {
    const expected = process.env.NEST11_DIR ? 11 : 12;
    const nestCore = createRequire(import.meta.url).resolve('@nestjs/core');
    const loaded = createRequire(nestCore)('./package.json') as { version: string };
    expect(Number(loaded.version.split('.')[0])).toBe(expected);
    expect(typeof NestFactory.create).toBe('function');
  });
});

import 'reflect-metadata';
import { jest } from '@jest/globals';
import { createRequire } from 'node:module';
import { Body, Param, ParseIntPipe, Query } from '@nestjs/common';

/*
 * class-validator and class-transformer are optional peers: without them the package must still load, and schemas
 * come from design types and parameter decorators alone.
 */
const missing = (name: string) => () => {
  throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
};
jest.doMock('class-validator', missing('class-validator'));
jest.doMock('class-transformer/cjs/storage.js', missing('class-transformer'));

const { buildClassSchema } = await import('./class-schema.builder.js');
const { buildRouteInputSchema } = await import('./route-input-schema.builder.js');

class NoteDto {
  title: string;
}

class NotesController {
  update(@Param('id', ParseIntPipe) id: number, @Query('draft') draft: boolean, @Body() dto: NoteDto) {
    return { id, draft, dto };
  }
}

describe('schema derivation without class-validator and class-transformer', () => {
  it('cannot load the peers in this spec', () => {
    const requirePeer = createRequire(import.meta.url);
    expect(() => requirePeer('class-validator')).toThrow("Cannot find module 'class-validator'");
    expect(() => requirePeer('class-transformer/cjs/storage.js')).toThrow("Cannot find module 'class-transformer'");
  });

  it('derives a class as an open object', () => {
    expect(buildClassSchema(NoteDto)).toEqual({ type: 'object' });
  });

  it('still derives route arguments from parameter decorators and design types', () => {
    expect(buildRouteInputSchema(NotesController, 'update')).toEqual({
      schema: {
        type: 'object',
        properties: { id: { type: 'integer' }, draft: { type: 'boolean' } },
        required: ['id'],
      },
      layout: { pathParams: ['id'], queryParams: ['draft'], hasBody: true, bodyNested: false },
    });
  });
});

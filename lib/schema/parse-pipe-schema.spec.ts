import { ParseBoolPipe, ParseFloatPipe, ParseIntPipe, ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
import { parsePipeSchema } from './parse-pipe-schema.js';

describe('parsePipeSchema', () => {
  it.each([
    [ParseIntPipe, { type: 'integer' }],
    [ParseFloatPipe, { type: 'number' }],
    [ParseBoolPipe, { type: 'boolean' }],
    [ParseUUIDPipe, { type: 'string', format: 'uuid' }],
  ])('recognises %p given as a class', (pipe, expected) => {
    expect(parsePipeSchema([pipe])).toEqual(expected);
  });

  it('recognises a pipe given as an instance, after other pipes', () => {
    expect(parsePipeSchema([new ValidationPipe(), new ParseIntPipe()])).toEqual({ type: 'integer' });
  });

  it('returns undefined when no parse pipe is used', () => {
    expect(parsePipeSchema([])).toBeUndefined();
    expect(parsePipeSchema([ValidationPipe])).toBeUndefined();
  });
});

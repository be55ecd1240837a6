import 'reflect-metadata';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { McpArgs } from '../decorators/mcp-args.decorator.js';
import { McpCtx } from '../decorators/mcp-ctx.decorator.js';
import { buildProviderInputSchema } from './provider-input-schema.builder.js';

class GreetDto {
  @IsString() name: string;
  @IsOptional() @IsInt() times?: number;
}

class GreeterService {
  greet(@McpCtx() context: unknown, @McpArgs() args: GreetDto) {
    return { context, args };
  }

  loose(@McpArgs() args: Record<string, unknown>) {
    return args;
  }

  noArgs(@McpCtx() context: unknown) {
    return context;
  }

  undecorated(args: GreetDto) {
    return args;
  }
}

describe('buildProviderInputSchema', () => {
  it('derives the schema of the @McpArgs() DTO', () => {
    expect(buildProviderInputSchema(GreeterService, 'greet')).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, times: { type: 'integer' } },
      required: ['name'],
    });
  });

  it('accepts any arguments when @McpArgs() is not typed with a class', () => {
    expect(buildProviderInputSchema(GreeterService, 'loose')).toEqual({ type: 'object' });
  });

  it('accepts any arguments when there is no @McpArgs() parameter', () => {
    expect(buildProviderInputSchema(GreeterService, 'noArgs')).toEqual({ type: 'object' });
    expect(buildProviderInputSchema(GreeterService, 'undecorated')).toEqual({ type: 'object' });
  });
});

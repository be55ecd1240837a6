import 'reflect-metadata';
import {
  Body,
  createParamDecorator,
  Headers,
  Ip,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { McpArgs } from '../decorators/mcp-args.decorator.js';
import { McpCtx } from '../decorators/mcp-ctx.decorator.js';
import { buildRouteInputSchema } from './route-input-schema.builder.js';
import { McpSchemaError } from './schema-derivation.error.js';

enum Status {
  Open = 'open',
  Closed = 'closed',
}

class CreateNoteDto {
  @IsString() title: string;
  @IsOptional() @IsString() text?: string;
}

class ListNotesQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @IsEnum(Status) status: Status;
}

class NoteParams {
  @IsString() workspace: string;
  @IsOptional() @IsString() id?: string;
}

class RenameDto {
  @IsString() id: string;
  @IsString() title: string;
}

class CategoryDto {
  @IsString() name: string;
  @IsOptional() @ValidateNested() @Type(() => CategoryDto) parent?: CategoryDto;
}

const CurrentUser = createParamDecorator(() => 'user');

class NotesController {
  create(@Body() dto: CreateNoteDto) {
    return dto;
  }

  findOne(@Param('id') id: string, @Param('version', ParseIntPipe) version: number, @Param('draft') draft: boolean) {
    return { id, version, draft };
  }

  list(@Query() query: ListNotesQuery, @Query('q') q: string) {
    return { query, q };
  }

  update(@Param('id', ParseUUIDPipe) id: string, @Query('notify') notify: boolean, @Body() dto: CreateNoteDto) {
    return { id, notify, dto };
  }

  rename(@Param('id') id: string, @Body() dto: RenameDto) {
    return { id, dto };
  }

  scoped(@Param() params: NoteParams) {
    return params;
  }

  patchTitle(@Param('id') id: string, @Body('title') title: string, @Body('pinned') pinned: boolean) {
    return { id, title, pinned };
  }

  viaArgs(@McpArgs() args: CreateNoteDto, @McpCtx() context: unknown) {
    return { args, context };
  }

  ignored(
    @Req() request: unknown,
    @Res() response: unknown,
    @Headers('authorization') authorization: string,
    @Ip() ip: string,
    @CurrentUser() user: string,
    @McpCtx() context: unknown,
  ) {
    return [request, response, authorization, ip, user, context];
  }

  untyped(@Body() body: Record<string, unknown>) {
    return body;
  }

  bulk(@Body() items: CreateNoteDto[]) {
    return items;
  }

  recursive(@Query('parent') parentId: string, @Body() dto: CategoryDto) {
    return { parentId, dto };
  }

  badQuery(@Param('id') id: string, @Query('when') when: Promise<string>) {
    return { id, when };
  }

  badBody(@Body() callback: Function) {
    return callback;
  }

  bodyNamedParam(@Param('body') body: string, @Body() dto: RenameDto, @Query('id') id: string) {
    return { body, dto, id };
  }
}

const noteSchema = {
  type: 'object',
  properties: { title: { type: 'string' }, text: { type: 'string' } },
  required: ['title'],
};

describe('buildRouteInputSchema', () => {
  it('spreads a @Body() DTO as top-level arguments', () => {
    expect(buildRouteInputSchema(NotesController, 'create')).toEqual({
      schema: noteSchema,
      layout: { pathParams: [], queryParams: [], hasBody: true, bodyNested: false },
    });
  });

  it('makes named path parameters required, typed from design types and parse pipes', () => {
    expect(buildRouteInputSchema(NotesController, 'findOne')).toEqual({
      schema: {
        type: 'object',
        properties: { id: { type: 'string' }, version: { type: 'integer' }, draft: { type: 'boolean' } },
        required: ['id', 'version', 'draft'],
      },
      layout: { pathParams: ['id', 'version', 'draft'], queryParams: [], hasBody: false, bodyNested: false },
    });
  });

  it('spreads a @Query() DTO with its own optionality and makes named query parameters optional', () => {
    expect(buildRouteInputSchema(NotesController, 'list')).toEqual({
      schema: {
        type: 'object',
        properties: {
          page: { type: 'integer', minimum: 1 },
          status: { type: 'string', enum: ['open', 'closed'] },
          q: { type: 'string' },
        },
        required: ['status'],
      },
      layout: { pathParams: [], queryParams: ['page', 'status', 'q'], hasBody: false, bodyNested: false },
    });
  });

  it('lists path, then query, then body arguments', () => {
    const { schema, layout } = buildRouteInputSchema(NotesController, 'update');
    expect(Object.keys(schema.properties!)).toEqual(['id', 'notify', 'title', 'text']);
    expect(schema.properties!.id).toEqual({ type: 'string', format: 'uuid' });
    expect(schema.required).toEqual(['id', 'title']);
    expect(layout).toEqual({ pathParams: ['id'], queryParams: ['notify'], hasBody: true, bodyNested: false });
  });

  it('nests the whole body under "body" when a body field is named like a path parameter', () => {
    expect(buildRouteInputSchema(NotesController, 'rename')).toEqual({
      schema: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          body: {
            type: 'object',
            properties: { id: { type: 'string' }, title: { type: 'string' } },
            required: ['id', 'title'],
          },
        },
        required: ['id', 'body'],
      },
      layout: { pathParams: ['id'], queryParams: [], hasBody: true, bodyNested: true },
    });
  });

  it('nests a body that is not an object', () => {
    const { schema, layout } = buildRouteInputSchema(NotesController, 'bulk');
    expect(schema).toEqual({ type: 'object', properties: { body: { type: 'array' } }, required: ['body'] });
    expect(layout.bodyNested).toBe(true);
  });

  it('requires every field of a @Param() DTO', () => {
    expect(buildRouteInputSchema(NotesController, 'scoped')).toEqual({
      schema: {
        type: 'object',
        properties: { workspace: { type: 'string' }, id: { type: 'string' } },
        required: ['workspace', 'id'],
      },
      layout: { pathParams: ['workspace', 'id'], queryParams: [], hasBody: false, bodyNested: false },
    });
  });

  it('makes @Body("field") parameters required body arguments', () => {
    expect(buildRouteInputSchema(NotesController, 'patchTitle')).toEqual({
      schema: {
        type: 'object',
        properties: { id: { type: 'string' }, title: { type: 'string' }, pinned: { type: 'boolean' } },
        required: ['id', 'title', 'pinned'],
      },
      layout: { pathParams: ['id'], queryParams: [], hasBody: true, bodyNested: false },
    });
  });

  it('treats @McpArgs() like an unnamed @Body() and ignores @McpCtx()', () => {
    expect(buildRouteInputSchema(NotesController, 'viaArgs')).toEqual({
      schema: noteSchema,
      layout: { pathParams: [], queryParams: [], hasBody: true, bodyNested: false },
    });
  });

  it('takes nothing from request, response, headers, ip, custom and context parameters', () => {
    expect(buildRouteInputSchema(NotesController, 'ignored')).toEqual({
      schema: { type: 'object' },
      layout: { pathParams: [], queryParams: [], hasBody: false, bodyNested: false },
    });
  });

  it('accepts any body for an untyped @Body()', () => {
    expect(buildRouteInputSchema(NotesController, 'untyped')).toEqual({
      schema: { type: 'object' },
      layout: { pathParams: [], queryParams: [], hasBody: true, bodyNested: false },
    });
  });

  it('publishes recursive DTOs under $defs at the root, also when the body is nested', () => {
    const { schema, layout } = buildRouteInputSchema(NotesController, 'recursive');
    const category = {
      type: 'object',
      properties: { name: { type: 'string' }, parent: { $ref: '#/$defs/CategoryDto' } },
      required: ['name'],
    };
    expect(schema).toEqual({
      type: 'object',
      properties: { parent: { type: 'string' }, body: category },
      required: ['body'],
      $defs: { CategoryDto: category },
    });
    expect(layout).toEqual({ pathParams: [], queryParams: ['parent'], hasBody: true, bodyNested: true });
  });

  it('throws McpSchemaError naming a parameter whose type JSON cannot carry', () => {
    expect(() => buildRouteInputSchema(NotesController, 'badQuery')).toThrow(McpSchemaError);
    expect(() => buildRouteInputSchema(NotesController, 'badQuery')).toThrow(
      'The parameter 1 (@Query("when")) has the type "Promise"',
    );
    expect(() => buildRouteInputSchema(NotesController, 'badBody')).toThrow(
      'The parameter 0 (@Body()) has the type "Function"',
    );
  });

  it('throws McpSchemaError when a nested body would clash with a parameter named "body"', () => {
    expect(() => buildRouteInputSchema(NotesController, 'bodyNamedParam')).toThrow(McpSchemaError);
    expect(() => buildRouteInputSchema(NotesController, 'bodyNamedParam')).toThrow('named "body"');
  });
});

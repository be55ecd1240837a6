import 'reflect-metadata';
import { Body, Param, Query } from '@nestjs/common';
import { ApiBody, ApiParam, ApiProperty, ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { McpProperty } from '../decorators/mcp-property.decorator.js';
import { buildClassSchema } from './class-schema.builder.js';
import { buildRouteInputSchema } from './route-input-schema.builder.js';

enum Priority {
  Low = 'low',
  High = 'high',
}

class SwaggerTagDto {
  @ApiProperty({ description: 'Tag label', minLength: 1, maxLength: 20 })
  label!: string;
}

/** Swagger only: no class-validator decorator at all. */
class SwaggerNoteDto {
  @ApiProperty({ description: 'Title of the note', example: 'Groceries', maxLength: 80 })
  title!: string;

  @ApiPropertyOptional({ enum: Priority, description: 'How urgent' })
  priority?: Priority;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 })
  stars!: number;

  @ApiPropertyOptional({ type: [SwaggerTagDto] })
  tags?: SwaggerTagDto[];

  @ApiPropertyOptional({ type: () => SwaggerTagDto })
  mainTag?: SwaggerTagDto;

  @ApiProperty({ format: 'email' })
  owner!: string;

  @ApiPropertyOptional({ enum: Priority, isArray: true })
  history?: Priority[];
}

/** Both: class-validator decides constraints and required, Swagger adds descriptions and examples. */
class MixedNoteDto {
  @ApiProperty({ description: 'Title of the note', example: 'Groceries', maxLength: 200 })
  @IsString()
  @MaxLength(80)
  title!: string;

  @ApiProperty({ description: 'Rating from 1 to 5', required: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  stars?: number;

  @ApiProperty({ description: 'Who to notify' })
  @IsEmail()
  @McpProperty({ description: 'Address that gets a copy' })
  notify!: string;

  @ApiPropertyOptional({ description: 'Only Swagger knows this one', default: 'inbox' })
  folder?: string;

  @ApiProperty({ type: () => SwaggerTagDto, description: 'Main tag' })
  @ValidateNested()
  @Type(() => SwaggerTagDto)
  tag!: SwaggerTagDto;
}

/** class-validator only, as before. */
class ValidatorNoteDto {
  @IsString()
  @MaxLength(80)
  title!: string;

  @IsOptional()
  @IsInt()
  stars?: number;
}

describe('Swagger metadata in DTO schemas', () => {
  it('derives a full schema from a Swagger-only DTO', () => {
    expect(buildClassSchema(SwaggerNoteDto)).toEqual({
      type: 'object',
      properties: {
        title: { type: 'string', maxLength: 80, description: 'Title of the note', examples: ['Groceries'] },
        priority: { type: 'string', enum: ['low', 'high'], description: 'How urgent' },
        stars: { type: 'integer', minimum: 1, maximum: 5 },
        tags: {
          type: 'array',
          items: {
            type: 'object',
            properties: { label: { type: 'string', minLength: 1, maxLength: 20, description: 'Tag label' } },
            required: ['label'],
          },
        },
        mainTag: {
          type: 'object',
          properties: { label: { type: 'string', minLength: 1, maxLength: 20, description: 'Tag label' } },
          required: ['label'],
        },
        owner: { type: 'string', format: 'email' },
        history: { type: 'array', items: { type: 'string', enum: ['low', 'high'] } },
      },
      required: ['title', 'stars', 'owner'],
    });
  });

  it('merges a mixed DTO: class-validator wins constraints and required, descriptions come from Swagger', () => {
    const schema = buildClassSchema(MixedNoteDto);
    expect(schema.properties).toEqual({
      title: { type: 'string', maxLength: 80, description: 'Title of the note', examples: ['Groceries'] },
      stars: { type: 'integer', minimum: 1, maximum: 5, description: 'Rating from 1 to 5' },
      notify: { type: 'string', format: 'email', description: 'Address that gets a copy' },
      tag: {
        type: 'object',
        properties: { label: { type: 'string', minLength: 1, maxLength: 20, description: 'Tag label' } },
        required: ['label'],
        description: 'Main tag',
      },
      folder: { type: 'string', default: 'inbox', description: 'Only Swagger knows this one' },
    });
    expect(schema.required).toEqual(['title', 'notify', 'tag']);
  });

  it('leaves a class-validator-only DTO as it was', () => {
    expect(buildClassSchema(ValidatorNoteDto)).toEqual({
      type: 'object',
      properties: { title: { type: 'string', maxLength: 80 }, stars: { type: 'integer' } },
      required: ['title'],
    });
  });
});

class SearchController {
  @ApiQuery({ name: 'term', description: 'Words to find' })
  @ApiQuery({ name: 'limit', type: Number, required: false, minimum: 1 })
  @ApiParam({ name: 'folder', enum: ['inbox', 'archive'] })
  search(@Param('folder') folder: string, @Query('term') term: string, @Query('limit') limit?: string) {
    return { folder, term, limit };
  }

  @ApiQuery({ name: 'page', type: 'integer' })
  @ApiQuery({ name: 'sort', required: false, enum: ['asc', 'desc'] })
  list(@Query() query: Record<string, string>) {
    return query;
  }

  @ApiBody({ type: SwaggerTagDto })
  create(@Body() body: { label: string }) {
    return body;
  }
}

describe('Swagger metadata edge cases', () => {
  it('reads properties only the Swagger CLI plugin recorded, after the decorated ones', () => {
    class PluginDto {
      @ApiProperty({ description: 'Decorated' })
      title!: string;

      static _OPENAPI_METADATA_FACTORY() {
        return { title: { required: true, type: () => String }, pages: { required: false, type: () => [SwaggerTagDto] } };
      }
    }
    expect(buildClassSchema(PluginDto)).toEqual({
      type: 'object',
      properties: {
        title: { type: 'string', description: 'Decorated' },
        pages: { type: 'array', items: buildClassSchema(SwaggerTagDto) },
      },
      required: ['title'],
    });
  });

  it('ignores type names JSON Schema does not have and OpenAPI 3.0 boolean exclusive bounds', () => {
    class OddDto {
      @ApiProperty({ type: 'file' as never, exclusiveMinimum: true as never, minimum: 0 })
      upload!: unknown;
    }
    expect(buildClassSchema(OddDto).properties).toEqual({ upload: { minimum: 0 } });
  });

  it('lists a numeric enum\'s values without the reverse mappings', () => {
    enum Level {
      Low = 1,
      High = 2,
    }
    class LevelDto {
      @ApiProperty({ enum: Level })
      level!: Level;
    }
    expect(buildClassSchema(LevelDto).properties).toEqual({ level: { type: 'number', enum: [1, 2] } });
  });
});

describe('Swagger route parameters in route schemas', () => {
  it('adds @ApiParam/@ApiQuery enums, descriptions and required to named parameters; a conflicting route type wins', () => {
    expect(buildRouteInputSchema(SearchController, 'search').schema).toEqual({
      type: 'object',
      properties: {
        folder: { type: 'string', enum: ['inbox', 'archive'] },
        term: { type: 'string', description: 'Words to find' },
        limit: { type: 'string' },
      },
      required: ['folder', 'term'],
    });
  });

  it('names the arguments of an unnamed @Query() without a DTO from @ApiQuery', () => {
    expect(buildRouteInputSchema(SearchController, 'list').schema).toEqual({
      type: 'object',
      properties: { page: { type: 'integer' }, sort: { type: 'string', enum: ['asc', 'desc'] } },
      required: ['page'],
    });
  });

  it('takes the body class from @ApiBody({ type }) when the parameter is typed with an interface', () => {
    expect(buildRouteInputSchema(SearchController, 'create').schema).toEqual({
      type: 'object',
      properties: { label: { type: 'string', minLength: 1, maxLength: 20, description: 'Tag label' } },
      required: ['label'],
    });
  });
});

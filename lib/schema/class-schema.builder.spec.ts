import 'reflect-metadata';
import { Expose, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsDateString,
  IsDefined,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNegative,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  Validate,
} from 'class-validator';
import type { ValidatorConstraintInterface } from 'class-validator';
import { buildClassSchema, ClassSchemaBuilder } from './class-schema.builder.js';

enum Colour {
  Red = 'red',
  Green = 'green',
}

enum Level {
  Low,
  High = 5,
}

@ValidatorConstraint({ name: 'isEven' })
class IsEvenConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'number' && value % 2 === 0;
  }
}

describe('buildClassSchema', () => {
  describe('types from decorators', () => {
    class TypedDto {
      @IsString() text: string;
      @IsInt() count: number;
      @IsNumber() ratio: number;
      @IsBoolean() done: boolean;
      @IsDate() at: Date;
      @IsDateString() day: string;
      @IsISO8601() stamp: string;
      @IsEmail() email: string;
      @IsUUID() id: string;
      @IsUrl() link: string;
      @IsObject() meta: Record<string, unknown>;
    }

    it('maps each type validator to its JSON type and format', () => {
      expect(buildClassSchema(TypedDto).properties).toEqual({
        text: { type: 'string' },
        count: { type: 'integer' },
        ratio: { type: 'number' },
        done: { type: 'boolean' },
        at: { type: 'string', format: 'date-time' },
        day: { type: 'string', format: 'date-time' },
        stamp: { type: 'string', format: 'date-time' },
        email: { type: 'string', format: 'email' },
        id: { type: 'string', format: 'uuid' },
        link: { type: 'string', format: 'uri' },
        meta: { type: 'object' },
      });
    });

    it('keeps properties in declaration order and requires them by default', () => {
      const schema = buildClassSchema(TypedDto);
      const order = ['text', 'count', 'ratio', 'done', 'at', 'day', 'stamp', 'email', 'id', 'link', 'meta'];
      expect(Object.keys(schema.properties!)).toEqual(order);
      expect(schema.required).toEqual(order);
      expect(schema.type).toBe('object');
    });

    it('lets a narrower type validator refine a broader one, whatever their order', () => {
      class NarrowDto {
        @IsNumber() @IsInt() a: number;
        @IsInt() @IsNumber() b: number;
        @IsString() @IsEmail() c: string;
      }
      expect(buildClassSchema(NarrowDto).properties).toEqual({
        a: { type: 'integer' },
        b: { type: 'integer' },
        c: { type: 'string', format: 'email' },
      });
    });
  });

  describe('design type fallback', () => {
    class UndecoratedTypesDto {
      @IsNotEmpty() name: string;
      @IsDefined() amount: number;
      @IsDefined() flag: boolean;
      @IsDefined() when: Date;
      @IsDefined() anything: unknown;
      @IsDefined() union: string | number;
      @IsDefined() later: Promise<string>;
    }

    it('types a property from its design type when no validator says its type', () => {
      expect(buildClassSchema(UndecoratedTypesDto).properties).toEqual({
        name: { type: 'string', minLength: 1 },
        amount: { type: 'number' },
        flag: { type: 'boolean' },
        when: { type: 'string', format: 'date-time' },
        anything: {},
        union: {},
        later: {},
      });
    });

    it('lets a type validator win over the design type', () => {
      class ObjectId {
        @IsString() hex: string;
      }
      class CountDto {
        @IsInt() count: string;
        @IsString() ownerId: ObjectId;
        @IsDefined() shape: ObjectId;
      }
      expect(buildClassSchema(CountDto).properties).toEqual({
        count: { type: 'integer' },
        ownerId: { type: 'string' },
        shape: { type: 'object', properties: { hex: { type: 'string' } }, required: ['hex'] },
      });
    });

    it('takes a primitive @Type() as the design type', () => {
      class PagingDto {
        @IsOptional() @Type(() => Number) page: unknown;
      }
      expect(buildClassSchema(PagingDto).properties).toEqual({ page: { type: 'number' } });
    });
  });

  describe('optionality', () => {
    class OptionalityDto {
      @IsString() required: string;
      @IsOptional() @IsString() optional?: string;
      @ValidateIf((dto: OptionalityDto) => dto.required === 'x') @IsString() conditional?: string;
      @IsOptional() @IsDefined() @IsString() defined: string;
    }

    it('requires a property unless @IsOptional() or @ValidateIf() applies, and @IsDefined() wins', () => {
      const schema = buildClassSchema(OptionalityDto);
      expect(schema.required).toEqual(['required', 'defined']);
      expect(Object.keys(schema.properties!)).toEqual(['required', 'optional', 'conditional', 'defined']);
    });

    it('omits "required" when every property is optional', () => {
      class AllOptionalDto {
        @IsOptional() @IsString() a?: string;
      }
      expect(buildClassSchema(AllOptionalDto)).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
    });
  });

  describe('enums', () => {
    class EnumDto {
      @IsEnum(Colour) colour: Colour;
      @IsEnum(Level) level: Level;
      @IsIn(['a', 'b']) letter: string;
      @IsIn([1, 'one']) mixed: unknown;
      @IsEnum(Level) @IsInt() levelInt: Level;
    }

    it('lists the values of string and numeric enums, without reverse mappings', () => {
      const { properties } = buildClassSchema(EnumDto);
      expect(properties!.colour).toEqual({ type: 'string', enum: ['red', 'green'] });
      expect(properties!.level).toEqual({ type: 'number', enum: [0, 5] });
      expect(properties!.levelInt).toEqual({ type: 'integer', enum: [0, 5] });
    });

    it('lists the values of @IsIn() and types them when they share a type', () => {
      const { properties } = buildClassSchema(EnumDto);
      expect(properties!.letter).toEqual({ type: 'string', enum: ['a', 'b'] });
      expect(properties!.mixed).toEqual({ type: ['number', 'string'], enum: [1, 'one'] });
    });
  });

  describe('constraints', () => {
    class ConstrainedDto {
      @IsInt() @Min(1) @Max(10) rating: number;
      @IsString() @MinLength(2) @MaxLength(20) name: string;
      @IsString() @Length(3, 8) code: string;
      @IsString() @Length(4) pin: string;
      @IsString() @Matches(/^[a-z]+$/i) slug: string;
      @IsString() @Matches('^x') prefixed: string;
      @IsNumber() @IsPositive() price: number;
      @IsNumber() @IsNegative() debt: number;
      @IsString() @IsNotEmpty() title: string;
      @IsNotEmpty() @MinLength(5) @IsString() long: string;
      @IsNotEmpty() @IsInt() nonZero: number;
    }

    it('maps numeric bounds, lengths and patterns', () => {
      expect(buildClassSchema(ConstrainedDto).properties).toEqual({
        rating: { type: 'integer', minimum: 1, maximum: 10 },
        name: { type: 'string', minLength: 2, maxLength: 20 },
        code: { type: 'string', minLength: 3, maxLength: 8 },
        pin: { type: 'string', minLength: 4 },
        slug: { type: 'string', pattern: '^[a-z]+$' },
        prefixed: { type: 'string', pattern: '^x' },
        price: { type: 'number', exclusiveMinimum: 0 },
        debt: { type: 'number', exclusiveMaximum: 0 },
        title: { type: 'string', minLength: 1 },
        long: { type: 'string', minLength: 5 },
        nonZero: { type: 'integer' },
      });
    });

    it('ignores custom validators', () => {
      class CustomDto {
        @IsInt() @Validate(IsEvenConstraint) even: number;
        @Validate(IsEvenConstraint) untyped: number;
      }
      expect(buildClassSchema(CustomDto).properties).toEqual({
        even: { type: 'integer' },
        untyped: { type: 'number' },
      });
    });
  });

  describe('arrays', () => {
    class ArrayDto {
      @IsArray() @IsString({ each: true }) @ArrayMinSize(1) @ArrayMaxSize(5) tags: string[];
      @IsInt({ each: true }) @Min(0, { each: true }) scores: number[];
      @IsArray() anything: unknown[];
      @IsEnum(Colour, { each: true }) colours: Colour[];
      @IsArray() @Type(() => Number) numbers: number[];
    }

    it('applies "each" validators to items and the others to the array', () => {
      expect(buildClassSchema(ArrayDto).properties).toEqual({
        tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 5 },
        scores: { type: 'array', items: { type: 'integer', minimum: 0 } },
        anything: { type: 'array' },
        colours: { type: 'array', items: { type: 'string', enum: ['red', 'green'] } },
        numbers: { type: 'array', items: { type: 'number' } },
      });
    });
  });

  describe('nested classes', () => {
    class AddressDto {
      @IsString() street: string;
      @IsOptional() @IsString() zip?: string;
    }

    class LineDto {
      @IsString() sku: string;
      @IsInt() @Min(1) quantity: number;
    }

    class OrderDto {
      @ValidateNested() @Type(() => AddressDto) address: AddressDto;
      @IsArray() @ValidateNested({ each: true }) @ArrayMinSize(1) @Type(() => LineDto) lines: LineDto[];
      @IsOptional() @ValidateNested() billing?: AddressDto;
    }

    const address = {
      type: 'object',
      properties: { street: { type: 'string' }, zip: { type: 'string' } },
      required: ['street'],
    };

    it('inlines a nested DTO, from @Type() or from the design type', () => {
      const schema = buildClassSchema(OrderDto);
      expect(schema.properties!.address).toEqual(address);
      expect(schema.properties!.billing).toEqual(address);
      expect(schema.required).toEqual(['address', 'lines']);
      expect(schema.$defs).toBeUndefined();
    });

    it('types the items of an array of nested DTOs from @Type()', () => {
      expect(buildClassSchema(OrderDto).properties!.lines).toEqual({
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } },
          required: ['sku', 'quantity'],
        },
      });
    });

    it('derives a nested class without validation metadata as an open object', () => {
      class Opaque {}
      class HolderDto {
        @ValidateNested() @Type(() => Opaque) value: Opaque;
      }
      expect(buildClassSchema(HolderDto).properties).toEqual({ value: { type: 'object' } });
    });
  });

  describe('recursive classes', () => {
    class TreeNodeDto {
      @IsString() label: string;
      @IsOptional() @ValidateNested({ each: true }) @Type(() => TreeNodeDto) children?: TreeNodeDto[];
    }

    // `Partial<>` keeps decorator metadata from reading CompanyDto before its declaration.
    class PersonDto {
      @IsString() name: string;
      @IsOptional() @ValidateNested() @Type(() => CompanyDto) employer?: Partial<CompanyDto>;
    }

    class CompanyDto {
      @IsString() title: string;
      @ValidateNested({ each: true }) @Type(() => PersonDto) staff: PersonDto[];
    }

    it('publishes a self-referencing class once under $defs and refers to it', () => {
      const schema = buildClassSchema(TreeNodeDto);
      const node = {
        type: 'object',
        properties: {
          label: { type: 'string' },
          children: { type: 'array', items: { $ref: '#/$defs/TreeNodeDto' } },
        },
        required: ['label'],
      };
      expect(schema).toEqual({ ...node, $defs: { TreeNodeDto: node } });
    });

    it('breaks a cycle through another class at the class met again', () => {
      const schema = buildClassSchema(PersonDto);
      expect(schema.properties!.employer).toEqual({
        type: 'object',
        properties: { title: { type: 'string' }, staff: { type: 'array', items: { $ref: '#/$defs/PersonDto' } } },
        required: ['title', 'staff'],
      });
      expect(Object.keys(schema.$defs as object)).toEqual(['PersonDto']);
      expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    });

    it('gives two recursive classes of the same name distinct $defs entries', () => {
      const first = (() => {
        class NodeDto {
          @IsOptional() @ValidateNested() @Type(() => NodeDto) next?: NodeDto;
        }
        return NodeDto;
      })();
      const second = (() => {
        class NodeDto {
          @IsOptional() @ValidateNested() @Type(() => NodeDto) previous?: NodeDto;
        }
        return NodeDto;
      })();
      const builder = new ClassSchemaBuilder();
      expect(builder.build(first).properties!.next).toEqual({ $ref: '#/$defs/NodeDto' });
      expect(builder.build(second).properties!.previous).toEqual({ $ref: '#/$defs/NodeDto_2' });
      expect(Object.keys(builder.definitions()!)).toEqual(['NodeDto', 'NodeDto_2']);
    });
  });

  describe('inheritance and renaming', () => {
    class BaseDto {
      @IsString() id: string;
      @IsInt() version: number;
    }

    class DerivedDto extends BaseDto {
      @IsString() name: string;
      @IsOptional() declare version: number;
    }

    it('lists inherited properties first, with the rules class-validator applies', () => {
      const schema = buildClassSchema(DerivedDto);
      expect(Object.keys(schema.properties!)).toEqual(['id', 'version', 'name']);
      expect(schema.properties!.version).toEqual({ type: 'integer' });
      expect(schema.required).toEqual(['id', 'name']);
    });

    it('names a property as plain objects carry it (@Expose({ name }))', () => {
      class RenamedDto {
        @Expose({ name: 'first_name' }) @IsString() firstName: string;
        @Expose({ name: 'out_only', toPlainOnly: true }) @IsString() kept: string;
      }
      const schema = buildClassSchema(RenamedDto);
      expect(Object.keys(schema.properties!)).toEqual(['first_name', 'kept']);
      expect(schema.required).toEqual(['first_name', 'kept']);
    });
  });

  it('returns a bare object schema for a class without validation metadata', () => {
    class PlainDto {
      value: string;
    }
    expect(buildClassSchema(PlainDto)).toEqual({ type: 'object' });
  });
});

import 'reflect-metadata';
import { Expose, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { readDeclaredType, readPlainName, readValidationRules } from './dto-metadata.reader.js';

class ChildDto {
  @IsString() name: string;
}

class ParentDto {
  @IsOptional() @IsString() title?: string;
  @ValidateNested() @Type(() => ChildDto) child: ChildDto;
  @IsInt({ each: true, groups: ['admin'] }) scores: number[];
  @Expose({ name: 'created_by' }) @IsString() createdBy: string;
}

class ExtendedDto extends ParentDto {
  @IsString() extra: string;
}

describe('readValidationRules', () => {
  it('reads the rules class-validator applies, grouped rules included', () => {
    const rules = readValidationRules(ParentDto).map((rule) => [rule.propertyName, rule.type, rule.name, !!rule.each]);
    expect(rules).toEqual(
      expect.arrayContaining([
        ['title', 'conditionalValidation', 'isOptional', false],
        ['title', 'customValidation', 'isString', false],
        ['child', 'nestedValidation', undefined, false],
        ['scores', 'customValidation', 'isInt', true],
        ['createdBy', 'customValidation', 'isString', false],
      ]),
    );
    expect(rules).toHaveLength(5);
  });

  it('includes inherited rules', () => {
    const properties = new Set(readValidationRules(ExtendedDto).map((rule) => rule.propertyName));
    expect(properties).toEqual(new Set(['title', 'child', 'scores', 'createdBy', 'extra']));
  });

  it('is empty for a class without rules', () => {
    expect(readValidationRules(class Plain {})).toEqual([]);
  });
});

describe('readDeclaredType', () => {
  it('returns the class given to @Type(), also through inheritance', () => {
    expect(readDeclaredType(ParentDto, 'child')).toBe(ChildDto);
    expect(readDeclaredType(ExtendedDto, 'child')).toBe(ChildDto);
  });

  it('returns undefined without @Type()', () => {
    expect(readDeclaredType(ParentDto, 'title')).toBeUndefined();
  });
});

describe('readPlainName', () => {
  it('returns the @Expose() name, else the property name', () => {
    expect(readPlainName(ParentDto, 'createdBy')).toBe('created_by');
    expect(readPlainName(ParentDto, 'title')).toBe('title');
  });
});

import type { ValidationRule } from './dto-metadata.reader.js';
import { hasRule, schemaFromRules } from './validation-keywords.js';

function rule(name: string, ...constraints: unknown[]): ValidationRule {
  return { type: 'customValidation', name, target: Object, propertyName: 'value', constraints };
}

const any = () => ({});

describe('schemaFromRules', () => {
  it('takes the kind from the first type validator, else from the fallback', () => {
    expect(schemaFromRules([rule('isString')], undefined, () => ({ type: 'number' }))).toEqual({ type: 'string' });
    expect(schemaFromRules([rule('min', 2)], undefined, () => ({ type: 'number' }))).toEqual({
      type: 'number',
      minimum: 2,
    });
  });

  it('lets a base schema win over type validators and keeps the base unchanged', () => {
    const base = { type: 'array' };
    expect(schemaFromRules([rule('isString'), rule('arrayMinSize', 2)], base, any)).toEqual({
      type: 'array',
      minItems: 2,
    });
    expect(base).toEqual({ type: 'array' });
  });

  it('keeps the tightest of repeated bounds', () => {
    const rules = [
      rule('isString'),
      rule('minLength', 3),
      rule('minLength', 1),
      rule('maxLength', 9),
      rule('maxLength', 12),
    ];
    expect(schemaFromRules(rules, undefined, any)).toEqual({ type: 'string', minLength: 3, maxLength: 9 });
  });

  it('adds minLength 1 for @IsNotEmpty() on strings only', () => {
    expect(schemaFromRules([rule('isNotEmpty')], undefined, () => ({ type: 'string' }))).toEqual({
      type: 'string',
      minLength: 1,
    });
    expect(schemaFromRules([rule('isNotEmpty')], undefined, () => ({ type: 'array' }))).toEqual({ type: 'array' });
  });

  it('ignores non-numeric bounds and unknown validators', () => {
    expect(schemaFromRules([rule('min', 'x'), rule('isEven'), rule('length', 1)], undefined, any)).toEqual({});
  });

  it('maps the extra array and equality validators', () => {
    const rules = [rule('arrayNotEmpty'), rule('arrayUnique'), rule('isDivisibleBy', 5), rule('equals', 'x')];
    expect(schemaFromRules(rules, undefined, any)).toEqual({
      minItems: 1,
      uniqueItems: true,
      multipleOf: 5,
      const: 'x',
    });
  });

  it('drops a type validator that contradicts the first one', () => {
    expect(schemaFromRules([rule('isString'), rule('isInt'), rule('isIn', [1, 2])], undefined, any)).toEqual({
      type: 'string',
    });
  });
});

describe('hasRule', () => {
  it('finds a rule by validator name', () => {
    expect(hasRule([rule('isArray')], 'isArray')).toBe(true);
    expect(hasRule([rule('isArray')], 'isString')).toBe(false);
  });
});

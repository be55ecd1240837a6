import type { ValidationRule } from './dto-metadata.reader.js';
import { readDeclaredType, readPlainName, readValidationRules } from './dto-metadata.reader.js';
import type { JsonObjectSchema, JsonSchema } from './json-schema.types.js';
import { isUnrepresentableType, isUserClass, primitiveSchema } from './primitive-schema.js';
import { withPropertyAnnotations } from './property-annotations.js';
import { isSwaggerRequired, readSwaggerProperties, swaggerSchema } from './swagger-metadata.reader.js';
import { hasRule, schemaFromRules } from './validation-keywords.js';

/**
 * Derives JSON Schemas (2020-12) from class-validator DTO classes, sharing one set of `$defs` between every class
 * it builds, so that several DTOs of one handler end up in one document.
 *
 * Nested classes are inlined. A class that contains itself, directly or through others, is the exception: it is
 * published once under `$defs` (by class name, suffixed `_2`, `_3`, ... when two classes share a name) and every
 * nested occurrence becomes a `$ref` to it. Attach {@link ClassSchemaBuilder.definitions} to the document's root.
 */
export class ClassSchemaBuilder {
  private readonly built = new Map<Function, JsonObjectSchema>();
  private readonly inProgress = new Set<Function>();
  private readonly recursive = new Set<Function>();
  private readonly names = new Map<Function, string>();
  private readonly defs: Record<string, JsonSchema> = {};

  /** The object schema of a class, always inline (never a `$ref`), so that its properties can be read. */
  build(type: Function): JsonObjectSchema {
    const cached = this.built.get(type);
    if (cached) {
      return cached;
    }
    this.inProgress.add(type);
    let schema: JsonObjectSchema;
    try {
      schema = this.objectSchema(type);
    } finally {
      this.inProgress.delete(type);
    }
    this.built.set(type, schema);
    if (this.recursive.has(type)) {
      this.defs[this.nameOf(type)] = schema;
    }
    return schema;
  }

  /** The `$defs` of the recursive classes met so far, or `undefined` when there are none. */
  definitions(): Record<string, JsonSchema> | undefined {
    return Object.keys(this.defs).length > 0 ? { ...this.defs } : undefined;
  }

  private nested(type: Function): JsonSchema {
    if (this.inProgress.has(type)) {
      this.recursive.add(type);
      return this.refTo(type);
    }
    const schema = this.build(type);
    return this.recursive.has(type) ? this.refTo(type) : schema;
  }

  /**
   * One property per property that class-validator or `@ApiProperty()` describes. Swagger gives the base schema
   * (type, description, example, bounds); class-validator's keywords win where both speak, and decide `required`
   * when it has rules for the property.
   */
  private objectSchema(type: Function): JsonObjectSchema {
    const byProperty = groupByProperty(type, readValidationRules(type));
    const swagger = readSwaggerProperties(type);
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const propertyName of new Set([...byProperty.keys(), ...swagger.keys()])) {
      const rules = byProperty.get(propertyName);
      const swaggerOptions = swagger.get(propertyName);
      const fromSwagger = swaggerOptions && swaggerSchema(swaggerOptions, (nested) => this.nested(nested));
      const fromRules = rules && this.propertySchema(type, propertyName, rules);
      const schema = fromSwagger && fromRules ? mergeSchemas(fromSwagger, fromRules) : (fromRules ?? fromSwagger ?? {});
      const name = readPlainName(type, propertyName);
      properties[name] = withPropertyAnnotations(schema, type, propertyName);
      if (rules ? isRequired(rules) : isSwaggerRequired(swaggerOptions!)) {
        required.push(name);
      }
    }
    return {
      type: 'object',
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
      ...(required.length > 0 ? { required } : {}),
    };
  }

  private propertySchema(type: Function, propertyName: string, rules: readonly ValidationRule[]): JsonSchema {
    const designType: unknown = Reflect.getMetadata('design:type', type.prototype, propertyName);
    const declaredType = readDeclaredType(type, propertyName);
    const valueRules = rules.filter((rule) => !rule.each);
    const itemRules = rules.filter((rule) => rule.each);
    // `@Type(() => X)` names the class of a value or of an array's items (an array's design type says nothing about
    // them). A class design type is the value's shape under `@ValidateNested()`, and otherwise only when no
    // validator says what the value is (`@IsString() id: ObjectId` is a string).
    const declaredClass = isUserClass(declaredType) ? declaredType : undefined;

    if (designType === Array || hasRule(valueRules, 'isArray') || itemRules.length > 0) {
      const items = schemaFromRules(itemRules, declaredClass && this.nested(declaredClass), () =>
        anySchema(declaredType),
      );
      const array: JsonSchema = { type: 'array', ...(Object.keys(items).length > 0 ? { items } : {}) };
      return schemaFromRules(valueRules, array, () => array);
    }
    const designClass = declaredType === undefined && isUserClass(designType) ? designType : undefined;
    const valueClass = declaredClass ?? designClass;
    const isNested = declaredClass !== undefined || rules.some((rule) => rule.type === 'nestedValidation');
    return schemaFromRules(valueRules, valueClass && isNested ? this.nested(valueClass) : undefined, () =>
      valueClass ? this.nested(valueClass) : anySchema(declaredType ?? designType),
    );
  }

  private refTo(type: Function): JsonSchema {
    return { $ref: `#/$defs/${this.nameOf(type)}` };
  }

  private nameOf(type: Function): string {
    let name = this.names.get(type);
    if (name === undefined) {
      const taken = new Set(this.names.values());
      const base = type.name || 'Anonymous';
      name = base;
      for (let suffix = 2; taken.has(name); suffix++) {
        name = `${base}_${suffix}`;
      }
      this.names.set(type, name);
    }
    return name;
  }
}

/**
 * The object schema of a class-validator DTO: one property per validated property, in declaration order (inherited
 * ones first), named as plain objects carry them (`@Expose({ name })`). A property is required unless it has
 * `@IsOptional()` or `@ValidateIf()` (and no `@IsDefined()`). See {@link ClassSchemaBuilder} for nested and
 * recursive classes; a recursive class's schema carries `$defs`.
 *
 * Without class-validator installed, or for a class without validation decorators, the result is `{ type: 'object' }`.
 *
 * @example
 * ```ts
 * class CreateNoteDto {
 *   @IsString() @MaxLength(80) title: string;
 *   @IsOptional() @IsString({ each: true }) tags?: string[];
 * }
 * buildClassSchema(CreateNoteDto);
 * // { type: 'object',
 * //   properties: { title: { type: 'string', maxLength: 80 }, tags: { type: 'array', items: { type: 'string' } } },
 * //   required: ['title'] }
 * ```
 */
export function buildClassSchema(type: Function): JsonObjectSchema {
  const builder = new ClassSchemaBuilder();
  const schema = builder.build(type);
  const $defs = builder.definitions();
  return $defs ? { ...schema, $defs } : schema;
}

/**
 * Swagger's schema of a property under class-validator's: validator keywords win, Swagger's annotations and the
 * keywords the validators do not set stay. When the two disagree on the type, the validator's schema is taken whole.
 */
export function mergeSchemas(fromSwagger: JsonSchema, fromRules: JsonSchema): JsonSchema {
  if (fromRules.type !== undefined && fromSwagger.type !== undefined && fromRules.type !== fromSwagger.type) {
    return { ...annotationsOf(fromSwagger), ...fromRules };
  }
  const merged: JsonSchema = { ...fromSwagger, ...fromRules };
  if (fromSwagger.items && fromRules.items) {
    merged.items = mergeSchemas(fromSwagger.items, fromRules.items);
  }
  return merged;
}

function annotationsOf(schema: JsonSchema): JsonSchema {
  const { title, description, examples, deprecated } = schema;
  return Object.fromEntries(
    Object.entries({ title, description, examples, deprecated }).filter(([, value]) => value !== undefined),
  );
}

/** The schema of a value known only by its design type; `{}` (any value) when that type says nothing usable. */
function anySchema(designType: unknown): JsonSchema {
  return isUnrepresentableType(designType) ? {} : (primitiveSchema(designType) ?? {});
}

function isRequired(rules: readonly ValidationRule[]): boolean {
  const conditional = rules.some((rule) => rule.type === 'conditionalValidation');
  return !conditional || rules.some((rule) => rule.type === 'isDefined');
}

/**
 * The rules grouped by property, properties in declaration order. class-validator lists a class's own rules before
 * inherited ones; walking the prototype chain from the base class restores the order in which fields are declared.
 */
function groupByProperty(type: Function, rules: readonly ValidationRule[]): Map<string, ValidationRule[]> {
  const chain: unknown[] = [];
  for (let current: unknown = type; typeof current === 'function' && current !== Function.prototype; ) {
    chain.unshift(current);
    current = Object.getPrototypeOf(current);
  }
  const byProperty = new Map<string, ValidationRule[]>();
  for (const target of chain) {
    for (const rule of rules) {
      if (rule.target === target) {
        byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
      }
    }
  }
  return byProperty;
}

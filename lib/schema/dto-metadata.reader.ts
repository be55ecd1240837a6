import { createRequire } from 'node:module';

/** The parts of class-validator's `ValidationMetadata` that schema derivation reads. */
export interface ValidationRule {
  /** `'customValidation'` for built-in and custom validators; `'nestedValidation'`, `'conditionalValidation'`, ... */
  readonly type: string;
  /** The validator's name, e.g. `'isString'`, `'min'`, `'isOptional'`. */
  readonly name?: string;
  readonly target: Function | string;
  readonly propertyName: string;
  readonly constraints?: readonly unknown[];
  /** Whether the rule applies to each item of an array rather than to the value. */
  readonly each?: boolean;
}

/** What class-transformer's `@Type()` says about a property. */
interface TypeMetadataLike {
  typeFunction?: (options?: unknown) => unknown;
}

/** What class-transformer's `@Expose()` says about a property. */
interface ExposeMetadataLike {
  options?: { name?: string; toPlainOnly?: boolean };
}

interface ValidatorStorageLike {
  getTargetValidationMetadatas(
    target: Function,
    schema: string,
    always: boolean,
    strictGroups: boolean,
  ): ValidationRule[];
}

interface TransformerStorageLike {
  findTypeMetadata(target: Function, propertyName: string): TypeMetadataLike | undefined;
  findExposeMetadata(target: Function, propertyName: string): ExposeMetadataLike | undefined;
}

/*
 * class-validator and class-transformer are optional peers, so they are loaded on first use and a missing package
 * reads as "no metadata". Schemas are derived synchronously, hence createRequire rather than import(): both packages
 * ship CommonJS as their only Node entry, so this is the same instance the application's decorators wrote to, and
 * Jest's `node:module` shim routes it through its own module registry.
 */
const requirePeer = createRequire(import.meta.url);

/** Loads a peer's piece on first call and remembers the outcome, a missing package included. */
function optionalPeer<T>(load: () => T | undefined): () => T | null {
  let loaded: { value: T | null } | undefined;
  return () => {
    if (!loaded) {
      try {
        loaded = { value: load() ?? null };
      } catch {
        loaded = { value: null };
      }
    }
    return loaded.value;
  };
}

const validator = optionalPeer<ValidatorStorageLike>(() => requirePeer('class-validator').getMetadataStorage?.());
const transformer = optionalPeer<TransformerStorageLike>(
  () => requirePeer('class-transformer/cjs/storage.js').defaultMetadataStorage,
);

/**
 * The class-validator rules of a class and its ancestors, as `validate()` applies them without groups. Empty when
 * class-validator is not installed.
 */
export function readValidationRules(type: Function): readonly ValidationRule[] {
  return (validator()?.getTargetValidationMetadatas(type, '', true, false) ?? []).filter(
    (rule) => typeof rule.propertyName === 'string',
  );
}

/** The class named by `@Type(() => X)` on a property, when class-transformer is installed and the decorator is used. */
export function readDeclaredType(type: Function, propertyName: string): Function | undefined {
  const declared = transformer()?.findTypeMetadata(type, propertyName)?.typeFunction?.({
    newObject: {},
    object: {},
    property: propertyName,
  });
  return typeof declared === 'function' ? declared : undefined;
}

/**
 * The name under which a property travels in plain objects: the `@Expose({ name })` alias when it applies to
 * plain-to-class transformation, else the property's own name.
 */
export function readPlainName(type: Function, propertyName: string): string {
  const options = transformer()?.findExposeMetadata(type, propertyName)?.options;
  return options?.name && !options.toPlainOnly ? options.name : propertyName;
}

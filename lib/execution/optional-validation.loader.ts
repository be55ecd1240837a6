/** The parts of class-validator and class-transformer the package uses, when the app has them installed. */
export interface ValidationLibraries {
  validate(object: object, options?: Record<string, unknown>): Promise<ValidationErrorLike[]>;
  plainToInstance(type: Function, plain: unknown, options?: Record<string, unknown>): object;
}

/** The shape of class-validator's `ValidationError`. */
export interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

let loading: Promise<ValidationLibraries | null> | undefined;

/**
 * Loads class-validator and class-transformer once, on first use. They are optional peer dependencies: without
 * them, DTO classes are passed through unvalidated.
 */
export function loadValidationLibraries(): Promise<ValidationLibraries | null> {
  loading ??= Promise.all([import('class-validator'), import('class-transformer')]).then(
    ([validator, transformer]) => ({
      validate: validator.validate as ValidationLibraries['validate'],
      plainToInstance: transformer.plainToInstance as ValidationLibraries['plainToInstance'],
    }),
    () => null,
  );
  return loading;
}

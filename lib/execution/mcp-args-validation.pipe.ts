import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { McpValidationException } from '../errors/mcp-validation.exception.js';
import { loadValidationLibraries } from './optional-validation.loader.js';
import { toViolations } from './validation-violations.js';

const PLAIN_TYPES = new Set<unknown>([Object, String, Number, Boolean, Array, undefined]);

/**
 * The pipe behind `@McpArgs()`: turns the arguments into an instance of the parameter's DTO class and validates it
 * with class-validator, reporting each failing field as a JSON Pointer. Arguments typed as a plain object (or an
 * interface) pass through.
 */
@Injectable()
export class McpArgsValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype;
    if (PLAIN_TYPES.has(type) || typeof type !== 'function') {
      return value;
    }
    const libraries = await loadValidationLibraries();
    if (!libraries) {
      return value;
    }
    const instance = libraries.plainToInstance(type, value ?? {});
    const errors = await libraries.validate(instance, { forbidUnknownValues: false });
    if (errors.length > 0) {
      throw new McpValidationException(toViolations(errors));
    }
    return instance;
  }
}

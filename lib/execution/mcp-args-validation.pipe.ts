import { Injectable, Optional, ValidationPipe, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApplicationConfig } from '@nestjs/core';
import { McpValidationException } from '../errors/mcp-validation.exception.js';
import { loadValidationLibraries } from './optional-validation.loader.js';
import { toViolations } from './validation-violations.js';

const PLAIN_TYPES = new Set<unknown>([Object, String, Number, Boolean, Array, undefined]);

/** What `@McpArgs()` takes from the app's global `ValidationPipe`. */
interface AppValidationSettings {
  validatorOptions: Record<string, unknown>;
  transformOptions?: Record<string, unknown>;
  transform: boolean;
}

/** The settings when the app has no global `ValidationPipe`: validate, and hand the handler the DTO instance. */
const DEFAULT_SETTINGS: AppValidationSettings = { validatorOptions: {}, transform: true };

/**
 * The pipe behind `@McpArgs()`: turns the arguments into an instance of the parameter's DTO class and validates it
 * with class-validator, reporting each failing field as a JSON Pointer. Arguments typed as a plain object (or an
 * interface) pass through.
 *
 * When the app registered a global `ValidationPipe`, its options apply here too: `whitelist` strips unknown
 * properties, `forbidNonWhitelisted` reports them, and `transform: false` hands the handler a plain object.
 */
@Injectable()
export class McpArgsValidationPipe implements PipeTransform {
  constructor(@Optional() private readonly appConfig?: ApplicationConfig) {}

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype;
    if (PLAIN_TYPES.has(type) || typeof type !== 'function') {
      return value;
    }
    const libraries = await loadValidationLibraries();
    if (!libraries) {
      return value;
    }
    const settings = this.appSettings();
    const instance = libraries.plainToInstance(type, value ?? {}, settings.transformOptions);
    const errors = await libraries.validate(instance, { ...settings.validatorOptions, forbidUnknownValues: false });
    if (errors.length > 0) {
      throw new McpValidationException(toViolations(errors));
    }
    return settings.transform ? instance : { ...instance };
  }

  /** The options of the app's global `ValidationPipe`, read on each call so pipes added after bootstrap count. */
  private appSettings(): AppValidationSettings {
    const pipe = this.appConfig?.getGlobalPipes().find((candidate) => candidate instanceof ValidationPipe);
    if (!pipe) return DEFAULT_SETTINGS;
    // ValidationPipe keeps its resolved options in protected fields; they are the only record of what the app chose.
    const options = pipe as unknown as {
      validatorOptions?: Record<string, unknown>;
      transformOptions?: Record<string, unknown>;
      isTransformEnabled?: boolean;
    };
    return {
      validatorOptions: options.validatorOptions ?? {},
      transformOptions: options.transformOptions,
      transform: options.isTransformEnabled ?? false,
    };
  }
}

import { RequestMethod, VERSION_NEUTRAL } from '@nestjs/common';
import type { ApplicationConfig } from '@nestjs/core';
import { RoutePathFactory } from '../compat/nest-core-internals.js';

/** The metadata key under which `RouterModule` stores a module's path (`MODULE_PATH` of `@nestjs/common`). */
const MODULE_PATH = '__module_path__';

/** What decides where the endpoint is served. */
export interface EndpointPathSettings {
  /** The app's configuration: global prefix (and its exclusions), versioning. */
  readonly config: ApplicationConfig;
  /** The id `RouterModule` suffixes its metadata key with (one per application). */
  readonly applicationId?: string;
  /** The module class the endpoint belongs to, whose `RouterModule` path comes before the endpoint's. */
  readonly moduleClass: Function;
  /** The `path` option. */
  readonly path: string;
}

/**
 * The paths at which the endpoint answers one HTTP method, built the way Nest builds a controller's: the global
 * prefix (unless excluded), a `RouterModule` path, then the `path` option; version-neutral, so URI versioning adds
 * no version segment and other versioning types do not filter it.
 */
export function endpointPaths(settings: EndpointPathSettings, method: RequestMethod): string[] {
  const { config, applicationId, moduleClass, path } = settings;
  const modulePath = (Reflect.getMetadata(`${MODULE_PATH}${applicationId ?? ''}`, moduleClass) ??
    Reflect.getMetadata(MODULE_PATH, moduleClass)) as string | undefined;
  const prefix = config.getGlobalPrefix();
  return new RoutePathFactory(config).create(
    {
      ctrlPath: path,
      methodPath: '/',
      modulePath,
      globalPrefix: prefix ? (prefix.startsWith('/') ? prefix : `/${prefix}`) : '',
      controllerVersion: VERSION_NEUTRAL,
      versioningOptions: config.getVersioning(),
    },
    method,
  );
}

/** The HTTP methods the endpoint answers. */
export const ENDPOINT_METHODS = [
  ['POST', RequestMethod.POST],
  ['GET', RequestMethod.GET],
  ['DELETE', RequestMethod.DELETE],
] as const;

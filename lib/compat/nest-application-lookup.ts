import type { ApplicationConfig, ExternalContextCreator, ModulesContainer } from '@nestjs/core';
import type { GuardsContextCreator } from '@nestjs/core/guards/guards-context-creator.js';

/**
 * The guards context creator the app's `ExternalContextCreator` uses: it knows the app's configuration, so the
 * guards it finds include the global ones (`APP_GUARD`, `useGlobalGuards`).
 */
export function appGuardsCreatorOf(creator: ExternalContextCreator): GuardsContextCreator {
  return (creator as unknown as { guardsContextCreator: GuardsContextCreator }).guardsContextCreator;
}

/** The app's configuration (global prefix, versioning, global enhancers), which Nest does not offer for injection. */
export function appConfigOf(creator: ExternalContextCreator): ApplicationConfig {
  return (appGuardsCreatorOf(creator) as unknown as { config: ApplicationConfig }).config;
}

/** The key and class of the module that provides `token` as `instance` (a module may be imported several times). */
export function hostModuleOf(modules: ModulesContainer, token: unknown, instance: unknown): { key: string; metatype: Function } | undefined {
  for (const [key, moduleRef] of modules.entries()) {
    const wrapper = moduleRef.providers.get(token as never);
    if (wrapper && wrapper.instance === instance) return { key, metatype: moduleRef.metatype };
  }
  return undefined;
}

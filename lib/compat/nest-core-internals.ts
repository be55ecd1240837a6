/**
 * The few `@nestjs/core` internals the execution pipeline needs, loaded by file path. Nest 12 exports them from
 * `@nestjs/core/internal`, an entry point Nest 11 does not have; both majors ship the same files at the same paths
 * (Nest 12 through its `./*.js` export, Nest 11 through plain file resolution), so these paths load on either.
 * `nest-core-internals.spec.ts` checks they are the very objects Nest uses.
 */
export { GuardsConsumer } from '@nestjs/core/guards/guards-consumer.js';
export { GuardsContextCreator } from '@nestjs/core/guards/guards-context-creator.js';
export { Injector } from '@nestjs/core/injector/injector.js';
export type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
export { REQUEST_CONTEXT_ID } from '@nestjs/core/router/request/request-constants.js';
export { RoutePathFactory } from '@nestjs/core/router/route-path-factory.js';

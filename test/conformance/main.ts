import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { ConformanceFixtureModule } from './conformance-fixture.module.js';

/** Creates the fixture app on the platform `MCP_PLATFORM` names: `express` (the default) or `fastify`. */
async function createApp(): Promise<INestApplication> {
  const platform = process.env.MCP_PLATFORM ?? 'express';
  const options = { logger: ['error', 'warn'] as ('error' | 'warn')[] };
  if (platform === 'express') return NestFactory.create(ConformanceFixtureModule, options);
  if (platform === 'fastify') {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    return NestFactory.create(ConformanceFixtureModule, new FastifyAdapter(), options);
  }
  throw new Error(`MCP_PLATFORM "${platform}" is not a platform the fixture runs on: use express or fastify`);
}

/**
 * Starts the conformance fixture on 127.0.0.1 at `PORT` (0 picks a free port) and prints one line with the
 * endpoint URL, which scripts/conformance.mjs waits for.
 */
async function bootstrap(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT "${process.env.PORT}" is not a valid port number: use an integer from 0 to 65535`);
  }
  const app = await createApp();
  app.enableShutdownHooks();
  await app.listen(port, '127.0.0.1');
  const { port: actual } = app.getHttpServer().address() as AddressInfo;
  console.log(`Conformance fixture listening on http://127.0.0.1:${actual}/mcp`);
}

await bootstrap();

import 'reflect-metadata';
import type { INestApplication, LoggerService, ModuleMetadata, Type } from '@nestjs/common';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { connectSdkClient } from './sdk-client.js';

/** The HTTP platforms the end-to-end suite runs on; use with `describe.each(PLATFORMS)`. */
export const PLATFORMS = ['express', 'fastify'] as const;

/** One HTTP platform of {@link PLATFORMS}. */
export type TestPlatform = (typeof PLATFORMS)[number];

/** A running test app and the URL of its MCP endpoint. */
export interface RunningApp {
  app: INestApplication;
  platform: TestPlatform;
  baseUrl: string;
  port: number;
  mcpUrl: URL;
  /** Connects an SDK client that `close()` closes before the app. */
  connect(headers?: Record<string, string>, url?: URL): Promise<Client>;
  /** Closes every client opened with `connect`, then the app. */
  close(): Promise<void>;
}

/**
 * Boots a Nest app on 127.0.0.1, port 0 (a free one), from a module or module metadata, and returns its URLs.
 * `configure` runs before `init` (global pipes, middleware, prefix). `platform` picks Express (the default) or
 * Fastify.
 */
export async function startApp(
  moduleOrMetadata: Type<unknown> | ModuleMetadata,
  configure?: (app: INestApplication) => void,
  mcpPath = 'mcp',
  platform: TestPlatform = 'express',
): Promise<RunningApp> {
  const metadata: ModuleMetadata = typeof moduleOrMetadata === 'function' ? { imports: [moduleOrMetadata] } : moduleOrMetadata;
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app =
    platform === 'fastify'
      ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false })
      : moduleRef.createNestApplication({ logger: false });
  configure?.(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const mcpUrl = new URL(`${baseUrl}/${mcpPath}`);
  const clients = new Set<Client>();
  return {
    app,
    platform,
    baseUrl,
    port,
    mcpUrl,
    async connect(headers = {}, url = mcpUrl) {
      const client = await connectSdkClient(url, headers);
      clients.add(client);
      return client;
    },
    async close() {
      await Promise.allSettled([...clients].map((client) => client.close()));
      clients.clear();
      await app.close();
    },
  };
}

/** {@link startApp} bound to one platform, for suites parametrized with `describe.each(PLATFORMS)`. */
export function startAppOn(platform: TestPlatform): typeof startApp {
  return (moduleOrMetadata, configure, mcpPath = 'mcp') => startApp(moduleOrMetadata, configure, mcpPath, platform);
}

/**
 * Compiles and initializes an app from `metadata` without listening, then closes it; returns the error `init`
 * threw (a bootstrap failure the test expects), or `undefined` when the app booted.
 */
export async function bootstrapError(metadata: ModuleMetadata, logger: LoggerService | false = false): Promise<Error | undefined> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app = moduleRef.createNestApplication({ logger });
  try {
    await app.init();
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    await app.close().catch(() => undefined);
  }
}

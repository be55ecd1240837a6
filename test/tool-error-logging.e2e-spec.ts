import 'reflect-metadata';
import { Injectable, NotFoundException, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { McpCtx, McpModule, McpTool, type McpContext } from 'nestjs-mcp';
import { connectSdkClient } from './utils/sdk-client.js';

let started: () => void = () => undefined;

@Injectable()
class FailingTools {
  @McpTool({ name: 'crash', description: 'Throws a plain error' })
  crash(): never {
    throw new Error('Disk on fire');
  }

  @McpTool({ name: 'missing', description: 'Throws an HttpException' })
  missing(): never {
    throw new NotFoundException('No such note');
  }

  @McpTool({ name: 'wait', description: 'Waits until cancelled' })
  wait(@McpCtx() ctx: McpContext): Promise<never> {
    return new Promise((_, reject) => {
      ctx.signal.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
      started();
    });
  }
}

class RecordingLogger implements LoggerService {
  readonly entries: { level: string; message: string; context?: string }[] = [];
  private record(level: string, message: unknown, rest: unknown[]) {
    const text = message instanceof Error ? `${message.message}\n${message.stack}` : String(message);
    this.entries.push({ level, message: text, context: rest.at(-1) as string | undefined });
  }
  log(message: unknown, ...rest: unknown[]) { this.record('log', message, rest); }
  error(message: unknown, ...rest: unknown[]) { this.record('error', message, rest); }
  warn(message: unknown, ...rest: unknown[]) { this.record('warn', message, rest); }
  debug(message: unknown, ...rest: unknown[]) { this.record('debug', message, rest); }
  verbose(message: unknown, ...rest: unknown[]) { this.record('verbose', message, rest); }
}

async function boot(options: Parameters<typeof McpModule.forRoot>[0]) {
  const logger = new RecordingLogger();
  const moduleRef = await Test.createTestingModule({ imports: [McpModule.forRoot(options)], providers: [FailingTools] }).compile();
  const app = moduleRef.createNestApplication({ logger });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const client = await connectSdkClient(new URL(`http://127.0.0.1:${port}/mcp`));
  return { app, client, logger, failures: () => logger.entries.filter((entry) => /failed|Disk on fire|No such note|aborted/.test(entry.message)) };
}

describe('tool errors are logged at the level the app chooses', () => {
  it('logs a plain error once at warn with its stack, and an HttpException without a stack, never via Nest at ERROR', async () => {
    const { app, client, failures } = await boot({ name: 'logs' });
    try {
      expect((await client.callTool({ name: 'crash' })).isError).toBe(true);
      expect((await client.callTool({ name: 'missing' })).isError).toBe(true);
      const entries = failures();
      expect(entries.map((entry) => [entry.level, entry.context])).toEqual([
        ['warn', 'McpHandlers'],
        ['warn', 'McpHandlers'],
      ]);
      expect(entries[0]!.message).toContain('Tool "crash" failed: Error: Disk on fire');
      expect(entries[0]!.message).toMatch(/\n\s+at /);
      expect(entries[1]!.message).toBe('Tool "missing" failed with HTTP 404: No such note');
    } finally {
      await client.close();
      await app.close();
    }
  });

  it('does not log a handler that ends because the call was cancelled', async () => {
    const { app, client, failures } = await boot({ name: 'logs' });
    try {
      const running = new Promise<void>((resolve) => (started = resolve));
      const controller = new AbortController();
      const call = client.callTool({ name: 'wait' }, undefined, { signal: controller.signal }).catch(() => 'cancelled');
      await running;
      controller.abort('Changed my mind');
      expect(await call).toBe('cancelled');
      await client.callTool({ name: 'crash' });
      expect(failures().map((entry) => entry.message.split('\n')[0])).toEqual(['Tool "crash" failed: Error: Disk on fire']);
    } finally {
      await client.close();
      await app.close();
    }
  });

  it.each([
    ['error', ['error']],
    [false, []],
  ] as const)('logs at level %s when configured', async (level, expected) => {
    const { app, client, failures } = await boot({ name: 'logs', toolErrorLogLevel: level });
    try {
      await client.callTool({ name: 'crash' });
      expect(failures().map((entry) => entry.level)).toEqual(expected);
    } finally {
      await client.close();
      await app.close();
    }
  });
});

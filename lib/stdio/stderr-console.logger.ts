import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/**
 * Nest's `ConsoleLogger`, with every level on stderr. The default one writes `log`, `warn`, `debug` and `verbose` to
 * stdout, which on the stdio transport belongs to JSON-RPC alone.
 */
export class StderrConsoleLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
    params?: Record<string, unknown>,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack, params);
  }
}

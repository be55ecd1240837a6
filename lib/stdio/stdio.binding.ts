import type { INestApplicationContext, Logger } from '@nestjs/common';
import type { Readable, Writable } from 'node:stream';
import type { JsonLineReader } from './json-line.reader.js';
import type { JsonLineWriter } from './json-line.writer.js';
import type { StdioConnection } from './stdio-connection.js';

/** What a binding needs besides the connection: the streams, the app to close, and how the process ends. */
export interface StdioBindingInit {
  readonly app: INestApplicationContext;
  readonly connection: StdioConnection;
  readonly reader: JsonLineReader;
  readonly writer: JsonLineWriter;
  readonly input: Readable;
  readonly output: Writable;
  readonly logger: Logger;
  /** Exit the process (code 0) once stopped, and stop on SIGTERM/SIGINT. */
  readonly exitProcess: boolean;
  /** Runs last, before the exit: undoes the stdout redirection. */
  readonly restore: () => void;
}

/**
 * Binds a stdio connection to its streams and to the process: input bytes go to the reader, the end of input
 * stops gracefully (running requests finish), and a signal, a broken input or output, or `stop()` stops at once.
 * Stopping happens once: the connection closes, then the application, then the process exits.
 */
export class StdioBinding {
  /** Resolves once everything stopped. */
  readonly closed: Promise<void>;
  private resolveClosed!: () => void;
  private stopping?: Promise<void>;

  constructor(private readonly init: StdioBindingInit) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
  }

  /** Starts reading. */
  start(): void {
    const { input, output, exitProcess } = this.init;
    output.on('error', this.onOutputError);
    input.on('data', this.onData);
    input.once('end', this.onEnd);
    input.once('error', this.onInputError);
    if (exitProcess) {
      process.once('SIGTERM', this.onSignal);
      process.once('SIGINT', this.onSignal);
    }
  }

  /** Stops; `graceful` lets running requests finish first. */
  stop(graceful: boolean, reason: string): Promise<void> {
    if (!graceful) void this.init.connection.close(reason);
    this.stopping ??= this.shutdown(graceful, reason);
    return this.stopping;
  }

  private async shutdown(graceful: boolean, reason: string): Promise<void> {
    const { app, connection, input, output, logger } = this.init;
    input.off('data', this.onData);
    input.off('end', this.onEnd);
    input.off('error', this.onInputError);
    process.off('SIGTERM', this.onSignal);
    process.off('SIGINT', this.onSignal);
    logger.log(`Stopping: ${reason}`);
    try {
      if (graceful) await connection.drain();
      await connection.close(reason);
      await app.close();
    } catch (error) {
      logger.error(`Stopping the stdio server failed: ${(error as Error)?.stack ?? String(error)}`);
    }
    input.pause();
    await flush(output);
    this.init.restore();
    this.resolveClosed();
    if (this.init.exitProcess) process.exit(0);
  }

  private readonly onData = (chunk: Buffer | string): void => {
    this.init.reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  };

  private readonly onEnd = (): void => {
    this.init.reader.end();
    void this.stop(true, 'The client closed its input.');
  };

  private readonly onInputError = (error: Error): void => {
    this.init.logger.warn(`Reading stdin failed (${error.message}); stopping.`);
    void this.stop(false, 'The input failed.');
  };

  private readonly onOutputError = (error: Error): void => {
    this.init.writer.close();
    this.init.logger.warn(`Writing to stdout failed (${error.message}); the client is gone.`);
    void this.stop(false, 'The client is gone.');
  };

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.init.logger.log(`Received ${signal}; stopping.`);
    void this.stop(false, `The server received ${signal}.`);
  };
}

/** Waits until everything written so far has been handed to the operating system. */
function flush(output: Writable): Promise<void> {
  if (output.destroyed || output.writableEnded) return Promise.resolve();
  return new Promise((resolve) => output.write('', () => resolve()));
}

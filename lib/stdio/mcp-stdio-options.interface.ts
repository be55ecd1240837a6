import type {
  CanActivate,
  ExceptionFilter,
  LoggerService,
  LogLevel,
  NestInterceptor,
  PipeTransform,
} from '@nestjs/common';
import type { NestFactory } from '@nestjs/core';
import type { Readable, Writable } from 'node:stream';
import type { McpStdioPrincipal } from './stdio-caller.js';

/** Options of {@link McpStdio.serve}. */
export interface McpStdioOptions {
  /**
   * Headers of the request that route tools see (`@McpTool` on a controller route): guards, pipes and
   * `@Headers()` read them as if an HTTP client had sent them. Entries whose value is `undefined` are left out, so
   * an unset environment variable simply sends no header.
   * @default {}
   * @example { 'x-api-key': process.env.NOTES_API_KEY, authorization: `Bearer ${process.env.NOTES_TOKEN}` }
   */
  headers?: Record<string, string | undefined>;
  /**
   * Who is calling: the principal `scopes` are checked against (stdio has no OAuth flow; the specification has
   * stdio servers take credentials from their environment). Either a fixed principal, or a function run for every
   * request with the request (its headers are `headers` above) that returns the principal or `undefined`, the way
   * `auth.verify` does on HTTP; an `HttpException` it throws answers that request with a JSON-RPC error. It
   * becomes `request.user` and `ctx.user`. Definitions with `scopes` the caller lacks are hidden from lists and
   * refused with a -32000 error naming the missing scopes; without a principal the caller is anonymous and may use
   * only definitions without `scopes`, or, when the module's `auth` option is set without `allowAnonymous`, is
   * refused (as HTTP answers 401). This, not McpModule's `guards` option (HTTP only), decides who calls over stdio.
   * @default the module's `auth.verify` given `headers`, when set; else none (anonymous)
   * @example { subject: 'local-user', scopes: ['notes:read', 'notes:write'] }
   * @example async ({ bearerToken }) => (bearerToken ? toPrincipal(await verifyJwt(bearerToken)) : undefined)
   */
  principal?: McpStdioPrincipal;
  /**
   * The longest JSON-RPC line accepted, in bytes. A longer line is answered with a -32000 error (id `null`) and
   * skipped up to its newline; the server keeps serving.
   * @default 4194304 (4 MiB)
   */
  maxLineBytes?: number;
  /**
   * The application's logger. By default Nest's `ConsoleLogger` writing every level to stderr, since stdout carries
   * only JSON-RPC. Pass log levels to keep that logger with fewer levels, your own `LoggerService` (it must not
   * write to stdout), or `false` for no logs.
   * @default a ConsoleLogger on stderr
   * @example ['error', 'warn']
   */
  logger?: LoggerService | LogLevel[] | false;
  /**
   * Sends whatever else the process writes to stdout (`console.log`, libraries) to stderr instead, so a stray
   * print cannot corrupt the JSON-RPC stream. Applies only when `output` is `process.stdout`.
   * @default true
   */
  redirectStdout?: boolean;
  /**
   * Global enhancers, as `app.useGlobalPipes()` and friends would add them in an HTTP `main.ts`. An application
   * context has no `useGlobal*()` methods, so they are registered as `APP_PIPE`, `APP_GUARD`, `APP_INTERCEPTOR` and
   * `APP_FILTER` providers of a root module wrapping yours.
   * @default none
   * @example { pipes: [new ValidationPipe({ whitelist: true, transform: true })] }
   */
  globalEnhancers?: {
    pipes?: PipeTransform[];
    guards?: CanActivate[];
    interceptors?: NestInterceptor[];
    filters?: ExceptionFilter[];
  };
  /**
   * Further options of `NestFactory.createApplicationContext()` (`abortOnError`, `bufferLogs`, …). `logger` is
   * taken from the `logger` option above.
   * @default {}
   */
  contextOptions?: Omit<NonNullable<Parameters<typeof NestFactory.createApplicationContext>[1]>, 'logger'>;
  /**
   * Where JSON-RPC messages come from.
   * @default process.stdin
   */
  input?: Readable;
  /**
   * Where JSON-RPC messages go.
   * @default process.stdout
   */
  output?: Writable;
  /**
   * Whether the process exits (code 0) once the input ends or SIGTERM/SIGINT arrives and the application has
   * closed. Turn it off to embed the server and decide yourself (await `closed` on the returned server).
   * @default true when `input` is `process.stdin`
   */
  exitProcess?: boolean;
}

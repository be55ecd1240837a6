import type { IncomingHttpHeaders } from 'node:http';

/** The token of an `Authorization: Bearer …` header, when the headers carry one. */
export function bearerTokenOfHeaders(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  const match = typeof value === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match?.[1];
}

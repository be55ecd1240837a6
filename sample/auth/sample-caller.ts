import type { IncomingHttpHeaders } from 'node:http';
import type { McpPrincipal } from 'nestjs-mcp';
import { verifySampleToken } from './sample-tokens.js';

const API_KEY = process.env.API_KEY ?? 'sample-key';

/**
 * Who is calling, from the request's headers: a valid `x-api-key` is the user `api-key` with the `notes:write`
 * scope; an `Authorization: Bearer <jwt>` signed by the sample is its subject with its scopes (an invalid one
 * rejects); no credentials: `undefined`, an anonymous caller who can read but not write. Shared by the HTTP
 * endpoint's guard and the stdio entry (`principal` option), so both transports know callers the same way.
 */
export async function sampleCallerOf(headers: IncomingHttpHeaders): Promise<McpPrincipal | undefined> {
  if (headers['x-api-key'] === API_KEY) return { subject: 'api-key', scopes: ['notes:write'] };
  const authorization = headers.authorization;
  if (!authorization) return undefined;
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (!token) throw new Error('not a bearer token');
  const verified = await verifySampleToken(token);
  return { subject: verified.sub, scopes: verified.scope.split(' ').filter((scope) => scope !== '') };
}

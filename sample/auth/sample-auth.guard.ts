import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { verifySampleToken } from './sample-tokens.js';

const API_KEY = process.env.API_KEY ?? 'sample-key';

/**
 * The MCP endpoint's guard (the module's `guards` option): establishes who is calling. A valid `x-api-key`
 * becomes the user `api-key` with the `notes:write` scope; an `Authorization: Bearer <jwt>` signed by the sample
 * becomes its subject with its scopes; an invalid token is refused (401 with the challenge). No credentials: an
 * anonymous caller, who can read but not write.
 */
@Injectable()
export class SampleAuthGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IncomingMessage & { user?: unknown }>();
    if (request.headers['x-api-key'] === API_KEY) {
      request.user = { sub: 'api-key', scope: 'notes:write' };
      return true;
    }
    const authorization = request.headers.authorization;
    if (!authorization) return true;
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    try {
      if (!token) throw new Error('not a bearer token');
      request.user = await verifySampleToken(token);
    } catch {
      throw new UnauthorizedException('The bearer token is invalid or has expired. Get a new one with "npm run sample:token".');
    }
    return true;
  }
}

import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { sampleCallerOf } from './sample-caller.js';

/**
 * The MCP endpoint's guard (the module's `guards` option): establishes who is calling (see `sampleCallerOf`) and
 * sets `request.user`; an invalid token is refused (401 with the challenge). No credentials: an anonymous caller,
 * who can read but not write.
 */
@Injectable()
export class SampleAuthGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IncomingMessage & { user?: unknown }>();
    try {
      const caller = await sampleCallerOf(request.headers);
      if (caller) request.user = caller;
    } catch {
      throw new UnauthorizedException('The bearer token is invalid or has expired. Get a new one with "npm run sample:token".');
    }
    return true;
  }
}

import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { principalOf } from 'nestjs-mcp';

/**
 * Lets a request through when its `x-api-key` header matches `API_KEY` (default `sample-key`), or when its user
 * (a bearer token's, see `SampleAuthGuard`) has the `notes:write` scope.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly key = process.env.API_KEY ?? 'sample-key';

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<IncomingMessage & { user?: unknown }>();
    if (principalOf(request.user)?.scopes.includes('notes:write')) return true;
    if (request.headers['x-api-key'] !== this.key) {
      throw new UnauthorizedException('Send a valid x-api-key header to change notes.');
    }
    return true;
  }
}

import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';

/** Lets a request through when its `x-api-key` header matches `API_KEY` (default `sample-key`). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly key = process.env.API_KEY ?? 'sample-key';

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<IncomingMessage>();
    if (request.headers['x-api-key'] !== this.key) {
      throw new UnauthorizedException('Send a valid x-api-key header to change notes.');
    }
    return true;
  }
}

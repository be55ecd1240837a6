import {
  Controller,
  ForbiddenException,
  Get,
  HttpException,
  Injectable,
  Req,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { McpCtx, McpPrompt, McpResource, McpTool, type McpContext } from 'nestjs-mcp';
import { verifyToken } from './bearer-tokens.js';

/** How many times each guard ran, by name (for the "one run per call" tests). */
export const guardRuns = new Map<string, number>();

function count(name: string): void {
  guardRuns.set(name, (guardRuns.get(name) ?? 0) + 1);
}

type HttpRequestLike = { headers: Record<string, string | undefined>; user?: unknown };

/** Verifies `Authorization: Bearer <jwt>` as an app's JWT guard would, and sets `request.user`. */
@Injectable()
export class BearerGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    count('BearerGuard');
    const request = context.switchToHttp().getRequest<HttpRequestLike>();
    const header = request.headers.authorization;
    if (header === 'Bearer banned') throw new ForbiddenException('This account is suspended');
    if (header === 'Bearer slow-down') {
      const response = context.switchToHttp().getResponse<{ setHeader?(n: string, v: string): void; header?(n: string, v: string): void }>();
      if (response.setHeader) response.setHeader('Retry-After', '7');
      else response.header?.('Retry-After', '7');
      throw new HttpException('ThrottlerException: Too Many Requests', 429);
    }
    if (!header?.startsWith('Bearer ')) return true;
    try {
      request.user = await verifyToken(header.slice('Bearer '.length));
    } catch {
      throw new UnauthorizedException('The access token is invalid or expired');
    }
    return true;
  }
}

/** A route guard of one tool: requires a user. */
@Injectable()
export class UserRequiredGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    count('UserRequiredGuard');
    return context.switchToHttp().getRequest<HttpRequestLike>().user !== undefined;
  }
}

/** A method guard of a provider tool that sets its own user. */
@Injectable()
export class StampUserGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<HttpRequestLike>();
    request.user = { sub: 'stamped', scope: '' };
    return true;
  }
}

@Controller('notes')
export class AuthNotesController {
  @Get()
  @McpTool({ name: 'list_notes', scopes: ['notes:read'] })
  list(@Req() request: HttpRequestLike) {
    return { notes: ['a', 'b'], for: (request.user as { sub?: string } | undefined)?.sub };
  }

  @Get('write')
  @McpTool({ name: 'write_note', scopes: ['notes:write'] })
  write() {
    return { written: true };
  }

  @Get('me')
  @UseGuards(UserRequiredGuard)
  @McpTool({ name: 'whoami' })
  me(@Req() request: HttpRequestLike) {
    return { sub: (request.user as { sub?: string } | undefined)?.sub };
  }
}

@Injectable()
export class AuthToolsService {
  @McpTool({ name: 'provider_whoami', description: 'Who the provider sees' })
  whoami(@McpCtx() ctx: McpContext) {
    return { user: (ctx.user as { sub?: string } | undefined)?.sub ?? null, requestUser: (ctx.request as HttpRequestLike).user ? 'set' : 'unset' };
  }

  @UseGuards(StampUserGuard)
  @McpTool({ name: 'provider_stamped', description: 'A provider tool whose guard sets the user' })
  stamped(@McpCtx() ctx: McpContext) {
    return { user: (ctx.user as { sub?: string } | undefined)?.sub ?? null, requestUser: ((ctx.request as HttpRequestLike).user as { sub?: string } | undefined)?.sub ?? null };
  }

  @McpTool({ name: 'interview', description: 'Asks two questions' })
  async interview(@McpCtx() ctx: McpContext) {
    const name = await ctx.elicit<{ name: string }>('Name?', { type: 'object', properties: { name: { type: 'string' } } }, { key: 'user_name' });
    const colour = await ctx.elicit<{ colour: string }>('Colour?', { type: 'object', properties: { colour: { type: 'string' } } }, { key: 'colour' });
    return `${name.content?.name} likes ${colour.content?.colour}`;
  }

  @McpResource({ uri: 'notes://audit-log', name: 'audit_log', description: 'Admins only', scopes: ['admin'] })
  auditLog() {
    return 'audit';
  }

  @McpResource({ uriTemplate: 'notes://audit/{day}', name: 'audit_day', description: 'Admins only', scopes: ['admin'] })
  auditDay() {
    return 'audit day';
  }

  @McpResource({ uri: 'notes://public', name: 'public_note', description: 'Everyone' })
  publicNote() {
    return 'public';
  }

  @McpPrompt({ name: 'admin_prompt', description: 'Admins only', scopes: ['admin'] })
  adminPrompt() {
    return 'admin prompt';
  }

  @McpPrompt({ name: 'open_prompt', description: 'Everyone' })
  openPrompt() {
    return 'open prompt';
  }

  @UseGuards(UserRequiredGuard)
  @McpTool({ name: 'guarded_but_listed', description: 'Listed for everyone', alwaysListed: true })
  guardedButListed() {
    return 'ok';
  }

  @McpTool({ name: 'admin_only', description: 'Admins only', scopes: ['admin'] })
  admin() {
    return { admin: true };
  }
}

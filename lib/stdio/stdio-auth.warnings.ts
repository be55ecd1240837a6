import type { CanActivate, Type } from '@nestjs/common';
import type { McpAuthOptions } from '../auth/mcp-auth-options.interface.js';
import type { McpStdioPrincipal } from './stdio-caller.js';

/** The module's `guards` option, as given to `McpModule.forRoot()`. */
type EndpointGuardsOption = ReadonlyArray<Type<CanActivate> | CanActivate>;

/**
 * What a stdio server says at startup about McpModule's HTTP-side protection, so that serving an app over stdio is
 * never more permissive than its HTTP endpoint without a word:
 * - the module's `guards` option does not run over stdio: those guards protect the HTTP endpoint (they run with its
 *   HTTP request, before the body is dispatched), and a stdio server has no request to it. The caller is the
 *   `principal` option instead (else `auth.verify` given the `headers` option).
 * - an `auth` option that refuses anonymous callers, while nothing can establish one (no `principal`, no
 *   `auth.verify`), refuses every request.
 */
export function stdioAuthWarnings(guards: EndpointGuardsOption, auth: McpAuthOptions | undefined, principal: McpStdioPrincipal | undefined): string[] {
  const warnings: string[] = [];
  if (guards.length > 0) {
    warnings.push(
      `McpModule's "guards" option (${guards.map(guardName).join(', ')}) does not run over stdio: those guards protect ` +
        'the HTTP endpoint, and a stdio server has no HTTP request to it. Over stdio the caller is the "principal" ' +
        'option of McpStdio.serve() (else auth.verify given its "headers" option), and scopes are checked against it; ' +
        'guards bound with @UseGuards() and global guards still run for each call. ' +
        (principal === undefined
          ? 'This server has no "principal": pass one so that it does not serve more than the HTTP endpoint would.'
          : 'Check that the "principal" grants no more than the guards would.'),
    );
  }
  if (auth && !auth.allowAnonymous && principal === undefined && !auth.verify) {
    warnings.push(
      'McpModule\'s "auth" option refuses anonymous callers, and this stdio server cannot establish one (no "principal" ' +
        'option, no auth.verify): every request will be refused. Pass the "principal" option to McpStdio.serve(), or set ' +
        'auth.allowAnonymous to true.',
    );
  }
  return warnings;
}

function guardName(guard: Type<CanActivate> | CanActivate): string {
  return typeof guard === 'function' ? guard.name : guard.constructor.name;
}

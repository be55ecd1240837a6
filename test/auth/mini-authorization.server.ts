import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signToken } from './bearer-tokens.js';

interface PendingCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly scopes: string[];
  readonly resource?: string;
}

/** A running {@link startAuthorizationServer}. */
export interface MiniAuthorizationServer {
  readonly issuer: string;
  /** The scope lists of the tokens it issued, in order. */
  readonly issued: string[][];
  close(): Promise<void>;
}

/**
 * A minimal OAuth 2.1 authorization server for tests, on 127.0.0.1: RFC 8414 metadata, dynamic client
 * registration (RFC 7591), an authorization endpoint that approves at once (the user is `subject`) and redirects
 * with a code, and a token endpoint that checks PKCE (S256) and issues a JWT for the requested resource with the
 * requested scopes, minus those not in `grantable`.
 */
export async function startAuthorizationServer(subject: string, grantable: readonly string[]): Promise<MiniAuthorizationServer> {
  const clients = new Map<string, string[]>();
  const codes = new Map<string, PendingCode>();
  const issued: string[][] = [];
  let issuer = '';

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => json(response, 500, { error: 'server_error', error_description: error.message }));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', issuer);
    if (request.method === 'GET' && url.pathname === '/.well-known/oauth-authorization-server') {
      return json(response, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        registration_endpoint: `${issuer}/register`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
        scopes_supported: [...grantable],
      });
    }
    if (request.method === 'POST' && url.pathname === '/register') {
      const metadata = JSON.parse(await bodyOf(request)) as { redirect_uris?: string[] };
      const clientId = `client-${randomBytes(6).toString('hex')}`;
      clients.set(clientId, metadata.redirect_uris ?? []);
      return json(response, 201, { ...metadata, client_id: clientId, token_endpoint_auth_method: 'none' });
    }
    if (request.method === 'GET' && url.pathname === '/authorize') {
      const clientId = url.searchParams.get('client_id') ?? '';
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      if (!clients.get(clientId)?.includes(redirectUri) || url.searchParams.get('code_challenge_method') !== 'S256') {
        return json(response, 400, { error: 'invalid_request' });
      }
      const code = randomBytes(12).toString('hex');
      codes.set(code, {
        clientId,
        redirectUri,
        challenge: url.searchParams.get('code_challenge') ?? '',
        scopes: (url.searchParams.get('scope') ?? '').split(' ').filter((scope) => grantable.includes(scope)),
        resource: url.searchParams.get('resource') ?? undefined,
      });
      const target = new URL(redirectUri);
      target.searchParams.set('code', code);
      const state = url.searchParams.get('state');
      if (state) target.searchParams.set('state', state);
      response.writeHead(302, { location: target.toString() }).end();
      return;
    }
    if (request.method === 'POST' && url.pathname === '/token') {
      const form = new URLSearchParams(await bodyOf(request));
      const pending = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!pending || pending.challenge !== challenge || pending.redirectUri !== form.get('redirect_uri') || pending.clientId !== form.get('client_id')) {
        return json(response, 400, { error: 'invalid_grant' });
      }
      issued.push(pending.scopes);
      const token = await signToken(subject, pending.scopes, pending.resource ?? form.get('resource') ?? undefined);
      return json(response, 200, { access_token: token, token_type: 'Bearer', expires_in: 300, scope: pending.scopes.join(' ') });
    }
    json(response, 404, { error: 'not_found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get issuer() {
      return issuer;
    },
    issued,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

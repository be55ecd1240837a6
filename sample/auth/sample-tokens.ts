import { jwtVerify, SignJWT } from 'jose';

/** The secret the sample signs and checks its bearer tokens with (HS256). Set `TOKEN_SECRET` outside a demo. */
const SECRET = new TextEncoder().encode(process.env.TOKEN_SECRET ?? 'sample-token-secret-change-me-0123456789');

/** The audience tokens are issued for: the MCP endpoint's URL. */
export const SAMPLE_RESOURCE = process.env.MCP_RESOURCE ?? `http://127.0.0.1:${process.env.PORT ?? 3000}/mcp`;

/** Signs a one-hour token for `subject` with `scopes`, as an authorization server would. */
export function issueSampleToken(subject: string, scopes: readonly string[]): Promise<string> {
  return new SignJWT({ scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setAudience(SAMPLE_RESOURCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(SECRET);
}

/** Verifies a token (signature, expiry, audience); resolves with its subject and scopes. */
export async function verifySampleToken(token: string): Promise<{ sub: string; scope: string }> {
  const { payload } = await jwtVerify(token, SECRET, { audience: SAMPLE_RESOURCE });
  return { sub: String(payload.sub), scope: typeof payload.scope === 'string' ? payload.scope : '' };
}

import { jwtVerify, SignJWT } from 'jose';

/** The key test tokens are signed with (HS256): the authorization server signs, the app's guard verifies. */
export const TOKEN_KEY = new TextEncoder().encode('nestjs-mcp-test-signing-key-0123456789');

/** Signs an access token for `subject` with `scopes`, for the resource (audience) `audience`. */
export function signToken(subject: string, scopes: readonly string[], audience?: string): Promise<string> {
  const jwt = new SignJWT({ scope: scopes.join(' ') }).setProtectedHeader({ alg: 'HS256' }).setSubject(subject).setIssuedAt().setExpirationTime('5m');
  return (audience ? jwt.setAudience(audience) : jwt).sign(TOKEN_KEY);
}

/** Verifies a token; resolves with `{ sub, scope }` or rejects. */
export async function verifyToken(token: string): Promise<{ sub: string; scope: string }> {
  const { payload } = await jwtVerify(token, TOKEN_KEY);
  return { sub: String(payload.sub), scope: String(payload.scope ?? '') };
}

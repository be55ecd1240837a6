import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the system's random source at once, then cut into ids. */
const POOL_SIZE = 8_192;

const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

/**
 * A random id of `bytes` cryptographically random bytes, base64url-encoded (visible ASCII). Ids are cut from a pool
 * refilled 8 KiB at a time, which costs a fraction of one `randomBytes` call per id; each byte is used once.
 */
export function randomId(bytes: number): string {
  if (bytes > POOL_SIZE) throw new RangeError(`A random id has at most ${POOL_SIZE} bytes; "${bytes}" were asked for.`);
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('base64url', offset, offset + bytes);
  offset += bytes;
  return id;
}
